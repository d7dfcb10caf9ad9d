// Pure recognisers for what a page says after a login attempt: lockout and rate-limit
// phrases, wrong-credential phrases, "still working" phrases, CAPTCHA widgets and texts,
// session cookie names and login-looking URL paths. In English, German, Spanish, French and
// Japanese.

const LOCKOUT_PATTERNS: readonly RegExp[] = [
  /too many (?:failed )?(?:login |sign[- ]in )?(?:attempts|requests|tries)/i,
  /(?:account|user) (?:has been |is |was )?(?:temporarily )?(?:locked|blocked|suspended|disabled)/i,
  /try again (?:later|in \d+)/i,
  /rate limit/i,
  /zu viele (?:fehlgeschlagene )?(?:versuche|anmeldeversuche|anfragen)/i,
  /(?:konto|account) (?:wurde |ist )?(?:vorübergehend )?gesperrt/i,
  /später erneut/i,
  /demasiados intentos/i,
  /cuenta (?:ha sido )?(?:temporalmente )?bloqueada/i,
  /inténtalo (?:de nuevo )?más tarde/i,
  /trop de tentatives/i,
  /compte (?:a été )?(?:temporairement )?(?:verrouillé|bloqué)/i,
  /réessayez plus tard/i,
  /試行回数/,
  /ロックされ/,
  /しばらくしてから/,
];

const WRONG_CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /(?:invalid|incorrect|wrong|unknown|bad)\s+(?:e-?mail|user(?:name)?|login|password|credentials|account|combination|details)/i,
  /(?:e-?mail|user(?:name)?|password|credentials).{0,40}(?:is |are |was |were )?(?:invalid|incorrect|wrong|not (?:valid|correct|recogni[sz]ed|match))/i,
  /(?:do|does|did)(?: not|n't|n’t) match/i,
  /(?:could not|couldn't|unable to) (?:log|sign) (?:you )?in/i,
  /(?:login|sign[- ]in) failed/i,
  /(?:passwort|kennwort|benutzername|e-mail|zugangsdaten|anmeldedaten).{0,40}(?:falsch|ungültig|nicht korrekt|stimm(?:t|en) nicht)/i,
  /(?:falsch|ungültig)e[rs]? (?:passwort|kennwort|benutzername|zugangsdaten|anmeldedaten)/i,
  /anmeldung fehlgeschlagen/i,
  /(?:contraseña|usuario|correo|credenciales).{0,40}(?:incorrect|inválid|no válid|errón)/i,
  /(?:incorrect|invalid)(?:e|es)? .{0,30}(?:mot de passe|identifiant|courriel)/i,
  /(?:mot de passe|identifiant|e-mail).{0,40}(?:incorrect|invalide|erroné)/i,
  /(?:パスワード|ユーザー名|メールアドレス|ID).{0,20}(?:正しくありません|間違って|違います|無効)/,
  /ログインに失敗/,
];

/** A page that is still on its way somewhere ("Signing you in…"): its outcome is not known yet. */
const PENDING_PATTERNS: readonly RegExp[] = [
  /\b(?:signing|logging) (?:you )?(?:in|on)\b/i,
  /\bredirecting\b/i,
  /\bplease wait\b/i,
  /\b(?:just a|one) moment\b/i,
  /\bloading\b/i,
  /\bverifying\b/i,
  /anmeldung läuft|sie werden angemeldet|weiterleitung|bitte warten|wird geladen|einen moment/i,
  /iniciando sesión|redirigiendo|por favor,? espere|cargando|un momento/i,
  /connexion en cours|redirection|veuillez patienter|chargement|un instant/i,
  /ログイン中|リダイレクト|お待ちください|読み込み中/,
];

const CAPTCHA_TEXT_PATTERNS: readonly RegExp[] = [
  /i'?m not a robot/i,
  /i am not a robot/i,
  /verify (?:that )?you(?:'re| are) (?:a )?human/i,
  /ich bin kein roboter/i,
  /no soy un robot/i,
  /je ne suis pas un robot/i,
  /ロボットではありません/,
];

const CAPTCHA_FRAME_URL = /recaptcha|hcaptcha|challenges\.cloudflare\.com|turnstile|arkoselabs|funcaptcha|geetest|captcha/i;

const SESSION_COOKIE_NAME = /sess|sid|auth|token|login|logged|remember|jwt|user|account/i;
const NOT_SESSION_COOKIE_NAME = /csrf|xsrf|consent|cookie_?banner|^_ga|^_gid|analytics|locale|lang|theme/i;

const LOGIN_PATH =
  /log[-_]?in|sign[-_]?in|log[-_]?on|sign[-_]?on|auth|session|sso|account\/?$|anmeld|iniciar|connexion|identif|otp|2fa|mfa|verify|challenge|two[-_]?factor/i;

function firstMatch(text: string, patterns: readonly RegExp[]): string {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return '';
}

/** The lockout or rate-limit phrase in the text, or ''. */
export function findLockoutPhrase(text: string): string {
  return firstMatch(text, LOCKOUT_PATTERNS);
}

/** The phrase saying the credentials were wrong, or ''. */
export function findWrongCredentialPhrase(text: string): string {
  return firstMatch(text, WRONG_CREDENTIAL_PATTERNS);
}

/** The phrase saying the page is still signing in, redirecting or loading, or ''. */
export function findPendingPhrase(text: string): string {
  return firstMatch(text, PENDING_PATTERNS);
}

export function findCaptchaPhrase(text: string): string {
  return firstMatch(text, CAPTCHA_TEXT_PATTERNS);
}

export function isCaptchaFrameUrl(url: string): boolean {
  return CAPTCHA_FRAME_URL.test(url);
}

export function isSessionCookieName(name: string): boolean {
  return SESSION_COOKIE_NAME.test(name) && !NOT_SESSION_COOKIE_NAME.test(name);
}

export function isLoginPath(url: string): boolean {
  try {
    const parsed = new URL(url);
    return LOGIN_PATH.test(parsed.pathname + parsed.hash);
  } catch {
    return false;
  }
}

/** Whether the page moved from where it logged in to a path that does not look like a login. */
export function leftLoginPath(urlBefore: string, urlAfter: string): boolean {
  try {
    const before = new URL(urlBefore);
    const after = new URL(urlAfter);
    const samePlace = before.origin === after.origin && before.pathname === after.pathname && before.hash === after.hash;
    return !samePlace && !isLoginPath(urlAfter);
  } catch {
    return false;
  }
}
