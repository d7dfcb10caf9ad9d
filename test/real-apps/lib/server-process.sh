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

# wait_for_url URL SECONDS LOG [PID]: polls URL (every quarter second) until it answers, for at
# most SECONDS, or until the server PID (when given) has exited. On failure shows the last
# lines of LOG on stderr and returns 1, so a start script can end with `|| exit 1`.
wait_for_url() {
  local url=$1 seconds=$2 log=$3 pid=${4:-} tries
  for ((tries = seconds * 4; tries > 0; tries--)); do
    curl -fs -o /dev/null "$url" && return 0
    [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.25
  done
  curl -fs -o /dev/null "$url" && return 0
  tail -30 "$log" >&2
  return 1
}
