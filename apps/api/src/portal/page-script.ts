/**
 * The portal page's script, inlined by portal/page.ts: plan choice, card tokenization by the
 * gateway's SDK, the purchase with a key per attempt (a double click or a retry is the same
 * purchase), polling while pending, recovery, and the device's login by a form POST to the
 * router's link-login-only. Plain ES2017 with no dependencies; nothing stored in the browser.
 */
export const PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var S = JSON.parse(document.getElementById('settings').textContent);
  var T = S.t;
  var H = S.hotspot;
  function $(id) { return document.getElementById(id); }
  var plan = null;
  var key = newKey();
  var busy = false;
  var connectTimer = null;

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function show(id) {
    ['plans', 'checkout', 'wait', 'done'].forEach(function (s) { $(s).hidden = s !== id; });
    $('recover').hidden = id === 'wait' || id === 'done';
    window.scrollTo(0, 0);
  }
  function say(el, text) { el.textContent = text || ''; el.hidden = !text; }
  function chap() { return { chap_id: H.chapId, chap_challenge: H.chapChallenge }; }
  function call(method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: {} };
    if (body) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch(S.base + path, init).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (data) { return { status: res.status, data: data || {} }; });
    });
  }

  document.querySelectorAll('.plan').forEach(function (button) {
    button.addEventListener('click', function () {
      plan = { id: Number(button.dataset.id), name: button.dataset.name, price: button.dataset.price };
      $('chosen').textContent = plan.name;
      $('chosen-price').textContent = plan.price;
      $('pay').textContent = T.pay + ' ' + plan.price;
      show('checkout');
      $('name').focus();
    });
  });
  $('change').addEventListener('click', function () { show('plans'); });

  function tokenize() {
    return new Promise(function (resolve, reject) {
      if (typeof Conekta === 'undefined') return reject(new Error(T.network));
      Conekta.setPublicKey(S.publicKey);
      Conekta.setLanguage(S.lang);
      Conekta.Token.create($('checkout'), function (token) { resolve(token.id); }, function (error) {
        reject(new Error(error.message_to_purchaser || error.message || T.failed));
      });
    });
  }

  function missing() {
    var bad = [];
    ['name', 'email', 'card-name', 'card-number', 'exp-month', 'exp-year', 'cvc'].forEach(function (id) {
      var input = $(id);
      var wrong = !input.value.trim() || (input.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.value.trim()));
      input.classList.toggle('bad', wrong);
      if (wrong) bad.push(input);
    });
    if (bad.length) bad[0].focus();
    return bad.length > 0;
  }

  function retry(text) {
    key = newKey();
    busy = false;
    $('pay').disabled = false;
    show('checkout');
    say($('pay-msg'), text);
  }

  $('checkout').addEventListener('submit', function (event) {
    event.preventDefault();
    if (busy) return;
    if (missing()) return say($('pay-msg'), T.required);
    busy = true;
    $('pay').disabled = true;
    say($('pay-msg'), '');
    var digits = $('card-number').value.replace(/\D/g, '');
    tokenize().then(function (token) {
      show('wait');
      return send(Object.assign({
        key: key,
        producto_id: plan.id,
        card_token: token,
        card_last4: digits.slice(-4),
        name: $('name').value.trim(),
        email: $('email').value.trim(),
        phone: $('phone').value.trim(),
        mac: H.mac,
        ip: H.ip,
        server_login: !H.linkLoginOnly
      }, chap()));
    }, function (error) { retry(error.message); });
  });

  /** Sends the purchase; the same body (the same key) again while the first is still running. */
  function send(body) {
    return call('POST', '/purchases', body).then(function (r) {
      if (r.status === 409 && r.data.detail === 'in-progress') return setTimeout(function () { send(body); }, 1500);
      answer(r);
    }, function () { retry(T.network); });
  }

  function answer(r) {
    var d = r.data;
    if (r.status === 200 && d.status === 'paid') return paid(d);
    if (r.status === 200 && d.status === 'pending') {
      show('wait');
      $('wait-text').hidden = true;
      $('pending-text').hidden = false;
      return setTimeout(function () { poll(d.transaction_id); }, 2000);
    }
    if (r.status === 200 && d.status === 'declined') return retry(T.declined + ': ' + d.reason + '. ' + T.tryAgain);
    if (r.status === 429) return retry(T.tooMany);
    retry(d.reason || d.detail || T.failed);
  }

  function poll(id) {
    var query = '?chap_id=' + encodeURIComponent(H.chapId) + '&chap_challenge=' + encodeURIComponent(H.chapChallenge);
    call('GET', '/purchases/' + encodeURIComponent(id) + query).then(answer, function () {
      setTimeout(function () { poll(id); }, 4000);
    });
  }

  function paid(d) {
    busy = false;
    $('username').textContent = d.username;
    $('password').textContent = d.password;
    $('receipt').textContent = d.receipt.replace(/^(.{4})/, '$1-');
    show('done');
    var form = $('router-login');
    if (H.linkLoginOnly) {
      form.action = H.linkLoginOnly;
      form.username.value = d.username;
      form.password.value = d.login_password;
      form.dst.value = H.linkOrig;
      $('connect').hidden = false;
      say($('done-msg'), '');
      connectTimer = setTimeout(connect, 10000);
    } else {
      $('connect').hidden = true;
      say($('done-msg'), d.connected ? T.connected : '');
    }
  }

  function connect() {
    clearTimeout(connectTimer);
    $('connect').disabled = true;
    say($('done-msg'), T.connecting);
    $('router-login').submit();
  }
  $('connect').addEventListener('click', connect);

  document.querySelectorAll('.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var output = $(button.dataset.copy);
      var done = function () { button.textContent = T.copied; setTimeout(function () { button.textContent = T.copy; }, 1500); };
      if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(output.textContent).then(done, function () {});
      var range = document.createRange();
      range.selectNodeContents(output);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try { document.execCommand('copy'); done(); } catch (e) { /* the text stays selected for a manual copy */ }
    });
  });

  function recover(body) {
    say($('recover-msg'), '');
    call('POST', '/recover', Object.assign(body, chap(), { mac: H.mac, ip: H.ip, server_login: !H.linkLoginOnly })).then(function (r) {
      if (r.status === 200 && r.data.status === 'paid') return paid(r.data);
      say($('recover-msg'), r.status === 429 ? T.tooMany : T.notFound);
    }, function () { say($('recover-msg'), T.network); });
  }
  $('by-receipt').addEventListener('submit', function (event) {
    event.preventDefault();
    recover({ receipt: $('receipt-code').value });
  });
  $('by-card').addEventListener('submit', function (event) {
    event.preventDefault();
    recover({ email: $('rec-email').value.trim(), last4: $('rec-last4').value.trim() });
  });
})();`;
