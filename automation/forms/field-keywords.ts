// Words that name login fields and form purposes in English, German, Spanish, French and
// Japanese. Texts and keywords are compared in a compact form (lower case, no spaces,
// dashes, underscores or dots), so "E-Mail-Adresse", "e_mail" and "email" all meet.

export function compactText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_.:*'’·・]+/g, '');
}

/** The first keyword contained in the compact text, or undefined. */
export function findKeyword(text: string, keywords: readonly string[]): string | undefined {
  const compact = compactText(text);
  if (compact === '') return undefined;
  return keywords.find((keyword) => compact.includes(compactText(keyword)));
}

export const USERNAME_WORDS = [
  'username', 'user', 'login', 'signin', 'email', 'mail', 'account', 'identifier', 'userid', 'loginid',
  'benutzer', 'benutzername', 'nutzer', 'anmeldename', 'kennung', 'e-mail-adresse',
  'usuario', 'correo', 'correo electrónico', 'cuenta',
  'identifiant', 'courriel', 'adresse e-mail', "nom d'utilisateur", 'utilisateur',
  'ユーザー名', 'ユーザーid', 'メールアドレス', 'メール', 'ログインid', 'アカウント',
] as const;

export const EMAIL_WORDS = ['email', 'mail', 'correo', 'courriel', 'メール'] as const;

export const PASSWORD_WORDS = [
  'password', 'passwd', 'pass', 'pwd', 'passwort', 'kennwort', 'contraseña', 'clave',
  'mot de passe', 'motdepasse', 'mdp', 'パスワード',
] as const;

export const CURRENT_PASSWORD_WORDS = [
  'current', 'old', 'existing', 'aktuell', 'altes', 'alte', 'bisherig', 'actual', 'anterior', 'actuel', 'ancien',
  '現在', '古い',
] as const;

export const NEW_PASSWORD_WORDS = [
  'new', 'neu', 'nueva', 'nuevo', 'nouveau', 'nouvelle', '新しい', '新規',
  'create', 'choose', 'erstellen', 'wählen', 'crear', 'elige', 'créer', 'choisir',
] as const;

export const CONFIRM_PASSWORD_WORDS = [
  'confirm', 'repeat', 'retype', 'reenter', 're-enter', 'again', 'verify', 'password2', 'passwordconfirmation',
  'wiederholen', 'bestätigen', 'wiederholung', 'confirmar', 'repetir', 'confirmer', 'répéter', 'retaper',
  '確認', '再入力', 'もう一度',
] as const;

export const OTP_WORDS = [
  'otp', 'one-time', 'onetime', 'totp', '2fa', 'mfa', 'twofactor', 'two-factor', 'authenticator',
  'verification code', 'security code', 'auth code', 'authcode', 'passcode', 'token', 'code',
  'einmalcode', 'sicherheitscode', 'bestätigungscode', 'prüfcode', 'código', 'verificación',
  'code de vérification', 'code de sécurité', 'vérification',
  '確認コード', '認証コード', 'ワンタイム', 'セキュリティコード', 'コード',
] as const;

/** Texts that contain an OTP word but name something else. */
export const NOT_OTP_WORDS = [
  'postal', 'zip', 'postcode', 'plz', 'postleitzahl', 'código postal', 'code postal', '郵便',
  'promo', 'coupon', 'voucher', 'gutschein', 'cupón', 'discount', 'country', 'area', 'invite', 'referral',
  'csrf', 'xsrf', 'captcha',
] as const;

/** Texts that contain a username word but name something that is not a login identifier. */
export const NOT_USERNAME_WORDS = [
  'search', 'suche', 'buscar', 'recherche', '検索', 'query', 'newsletter', 'subscribe', 'abonnieren',
  'suscrib', "s'abonner", '購読', 'coupon', 'promo', 'captcha',
  'firstname', 'lastname', 'fullname', 'vorname', 'nachname', 'nombre completo', 'apellido', 'prénom',
  'nom de famille', '氏名', 'お名前',
] as const;

export const LOGIN_WORDS = [
  'log in', 'login', 'log on', 'logon', 'sign in', 'signin', 'sign on',
  'anmelden', 'anmeldung', 'einloggen', 'iniciar sesión', 'ingresar', 'entrar', 'acceder',
  'connexion', 'se connecter', 'identifier', 'ログイン', 'サインイン',
] as const;

export const NEXT_WORDS = [
  'next', 'continue', 'proceed', 'weiter', 'fortfahren', 'siguiente', 'continuar', 'suivant', 'continuer',
  '次へ', '続行', '続ける',
] as const;

/** Buttons that apply a change (a new password): "Save", "Update", "Apply". */
export const APPLY_CHANGE_WORDS = [
  'save', 'update', 'apply', 'speichern', 'übernehmen', 'aktualisieren',
  'guardar', 'actualizar', 'aplicar', 'enregistrer', 'mettre à jour', 'appliquer', '保存', '更新',
] as const;

/** Buttons that name the change itself ("Change", "Set password"): better than a page-wide "Save". */
export const CHANGE_WORDS = ['change', 'set password', 'ändern', 'cambiar', 'modifier', 'changer', '変更'] as const;

export const VERIFY_WORDS = [
  'verify', 'confirm', 'submit', 'überprüfen', 'bestätigen', 'verificar', 'confirmar', 'vérifier', 'valider',
  '確認', '認証', '送信',
] as const;

export const SIGN_UP_WORDS = [
  'sign up', 'signup', 'register', 'registration', 'create account', 'create an account', 'join', 'get started',
  'registrieren', 'registrierung', 'konto erstellen', 'konto anlegen', 'registrarse', 'regístrate', 'registro',
  'crear cuenta', "s'inscrire", 'inscription', 'créer un compte', '新規登録', '会員登録', 'アカウント作成', '登録',
] as const;

export const FORGOT_WORDS = [
  'forgot', 'forgotten', 'reset', 'recover', 'lost password', 'vergessen', 'zurücksetzen', 'wiederherstellen',
  'olvid', 'restablecer', 'recuperar', 'oublié', 'réinitialiser', 'récupérer', '忘れ', '再設定', 'リセット',
] as const;

export const CHANGE_PASSWORD_WORDS = [
  'change password', 'update password', 'passwort ändern', 'kennwort ändern', 'cambiar contraseña',
  'changer le mot de passe', 'modifier le mot de passe', 'パスワード変更', 'パスワードの変更', 'パスワードを変更',
] as const;

export const NEWSLETTER_WORDS = [
  'newsletter', 'subscribe', 'abonnieren', 'suscrib', "s'abonner", '購読', 'search', 'suche', 'buscar', '検索',
] as const;

/** Buttons that reveal a password or clear a field, never the form's submit. */
export const TOGGLE_BUTTON_WORDS = [
  'show', 'hide', 'reveal', 'toggle', 'anzeigen', 'verbergen', 'mostrar', 'ocultar', 'afficher', 'masquer',
  '表示', '非表示', 'clear', 'eye',
] as const;

/** Buttons that lead to another provider or away from this form. */
export const OTHER_ROUTE_BUTTON_WORDS = [
  'with google', 'with apple', 'with microsoft', 'with github', 'with facebook', 'sso', 'passkey', 'cancel',
  'back', 'zurück', 'abbrechen', 'cancelar', 'volver', 'annuler', 'retour', 'キャンセル', '戻る',
] as const;
