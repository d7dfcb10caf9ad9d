# The web server an app's start.sh left running in the background (sourced by apps/*/stop.sh).

# stop_server_group PIDFILE: stops the process group whose leader's pid is in PIDFILE (TERM,
# then KILL half a second later) and removes the file; nothing when there is no file.
stop_server_group() {
  local pidfile=$1
  [[ -f "$pidfile" ]] || return 0
  kill -- "-$(cat "$pidfile")" 2>/dev/null
  sleep 0.5
  kill -9 -- "-$(cat "$pidfile")" 2>/dev/null
  rm -f "$pidfile"
}
