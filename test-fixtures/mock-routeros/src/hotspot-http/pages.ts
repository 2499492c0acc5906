/**
 * The pages the servlet serves when the hotspot's html directory (the `/file` items under it)
 * has none of its own. They are the mock's own small pages, not MikroTik's stock files, but they
 * use the same variables and mechanisms: redirect.html answers a real `302 Hotspot redirect`
 * through the `http-status` / `http-header` assignments, login.html does CHAP in the browser
 * with md5.js, as the stock page does.
 */
import { MD5_SCRIPT } from './md5-script.js';

const LOGIN_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>$(identity) hotspot</title>
$(if chap-id)<script src="/md5.js"></script>
<script>
function doLogin() {
  document.sendin.username.value = document.login.username.value;
  document.sendin.password.value = hexMD5('$(chap-id)' + document.login.password.value + '$(chap-challenge)');
  document.sendin.submit();
  return false;
}
</script>$(endif)
</head><body>
<h1>$(identity)</h1>
$(if error)<p id="error">$(error)</p>$(endif)
$(if chap-id)<form name="sendin" action="$(link-login-only)" method="post" style="display:none">
<input type="hidden" name="username"><input type="hidden" name="password">
<input type="hidden" name="dst" value="$(link-orig)"><input type="hidden" name="popup" value="true">
</form>$(endif)
<form name="login" action="$(link-login-only)" method="post"$(if chap-id) onsubmit="return doLogin()"$(endif)>
<input type="hidden" name="dst" value="$(link-orig)"><input type="hidden" name="popup" value="true">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Log in</button>
</form>
</body></html>
`;

const REDIRECT_PAGE = `$(if http-status == 302)Hotspot redirect$(endif)$(if http-header == "Location")$(link-redirect)$(endif)<!doctype html>
<html><head><meta http-equiv="refresh" content="0; url=$(link-redirect)"><title>...</title></head>
<body><a href="$(link-redirect)">continue</a></body></html>
`;

const STATUS_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>$(identity) hotspot status</title></head><body>
<h1>Welcome $(username)</h1>
<dl><dt>IP address</dt><dd>$(ip)</dd><dt>MAC address</dt><dd>$(mac)</dd>
<dt>Connected</dt><dd>$(uptime)</dd>$(if session-time-left)<dt>Time left</dt><dd>$(session-time-left)</dd>$(endif)
<dt>Received / sent</dt><dd>$(bytes-in) / $(bytes-out) bytes</dd>
$(if remain-bytes-total)<dt>Bytes left</dt><dd>$(remain-bytes-total)</dd>$(endif)</dl>
<form action="$(link-logout)" method="post"><button type="submit">Log out</button></form>
</body></html>
`;

const LOGOUT_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>$(identity) hotspot</title></head><body>
<h1>You have just logged out</h1>
<dl><dt>User</dt><dd>$(username)</dd><dt>Connected</dt><dd>$(uptime)</dd>
<dt>Received / sent</dt><dd>$(bytes-in) / $(bytes-out) bytes</dd></dl>
<a href="$(link-login)">Log in</a>
</body></html>
`;

// The keys of RFC 8908, filled as RouterOS's stock api.json fills them (HOTSPOT.md 1.6).
const API_JSON = `{
"captive": $(if logged-in == 'yes')false$(else)true$(endif),
"user-portal-url": "$(link-login-only)",
$(if session-timeout-secs != '0')"seconds-remaining": $(session-timeout-secs),
$(endif)$(if remain-bytes-total)"bytes-remaining": $(remain-bytes-total),
$(endif)"can-extend-session": true
}
`;

/** Built-in files by name. */
export const DEFAULT_PAGES: ReadonlyMap<string, string> = new Map([
  ['login.html', LOGIN_PAGE],
  ['redirect.html', REDIRECT_PAGE],
  ['status.html', STATUS_PAGE],
  ['logout.html', LOGOUT_PAGE],
  ['api.json', API_JSON],
  ['md5.js', MD5_SCRIPT],
]);
