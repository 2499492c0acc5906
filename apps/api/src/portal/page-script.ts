/**
 * The portal page's script, inlined by portal/page.ts: plan choice, card tokenization by the
 * gateway's SDK (Conekta.js, or Mercado Pago's card form), the purchase with a key per attempt (a
 * double click or a retry is the same purchase), polling while pending, a cash reference polled
 * until paid, recovery, and the device's login by a form POST to the router's link-login-only.
 * Plain ES2017 with no dependencies; nothing stored in the browser.
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
  var cardForm = null;

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function show(id) {
    ['plans', 'checkout', 'wait', 'cash', 'done'].forEach(function (s) { $(s).hidden = s !== id; });
    $('recover').hidden = id === 'wait' || id === 'cash' || id === 'done';
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
      plan = { id: Number(button.dataset.id), name: button.dataset.name, price: button.dataset.price, amount: button.dataset.amount };
      $('chosen').textContent = plan.name;
      $('chosen-price').textContent = plan.price;
      $('pay').textContent = T.pay + ' ' + plan.price;
      show('checkout');
      if (S.gateway === 'mercadopago') mountCardForm();
      $('name').focus();
    });
  });
  $('change').addEventListener('click', function () { show('plans'); });

  /** Mercado Pago's card form, for the chosen plan's amount (it offers the installments for it). */
  function mountCardForm() {
    if (typeof MercadoPago === 'undefined') return;
    if (cardForm) cardForm.unmount();
    var mp = new MercadoPago(S.publicKey, { locale: S.lang === 'en' ? 'en-US' : 'es-MX' });
    cardForm = mp.cardForm({
      amount: plan.amount,
      iframe: false,
      form: {
        id: 'checkout',
        cardholderName: { id: 'card-name' },
        cardholderEmail: { id: 'email' },
        cardNumber: { id: 'card-number' },
        expirationMonth: { id: 'exp-month' },
        expirationYear: { id: 'exp-year' },
        securityCode: { id: 'cvc' },
        issuer: { id: 'issuer' },
        installments: { id: 'installments' }
      },
      callbacks: { onFormMounted: function (error) { if (error) say($('pay-msg'), T.network); } }
    });
  }

  /** The card's token from the gateway's SDK, with what the gateway needs beside it. */
  function tokenize() {
    if (S.gateway === 'mercadopago') {
      if (!cardForm) return Promise.reject(new Error(T.network));
      return cardForm.createCardToken().then(function () {
        var data = cardForm.getCardFormData();
        return { card_token: data.token, payment_method_id: data.paymentMethodId, issuer_id: data.issuerId, installments: Number(data.installments) || 1 };
      }, function (causes) {
        var cause = Array.isArray(causes) && causes[0];
        throw new Error(T.cardInvalid + (cause && (cause.message || cause.description) ? ': ' + (cause.message || cause.description) : ''));
      });
    }
    return new Promise(function (resolve, reject) {
      if (typeof Conekta === 'undefined') return reject(new Error(T.network));
      Conekta.setPublicKey(S.publicKey);
      Conekta.setLanguage(S.lang);
      Conekta.Token.create($('checkout'), function (token) { resolve({ card_token: token.id }); }, function (error) {
        reject(new Error(error.message_to_purchaser || error.message || T.failed));
      });
    });
  }

  var CARD_FIELDS = ['card-name', 'card-number', 'exp-month', 'exp-year', 'cvc'];
  function missing(card) {
    var bad = [];
    ['name', 'email'].concat(card ? CARD_FIELDS : []).forEach(function (id) {
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

  function customer() {
    return Object.assign({
      producto_id: plan.id,
      name: $('name').value.trim(),
      email: $('email').value.trim(),
      phone: $('phone').value.trim(),
      mac: H.mac,
      ip: H.ip,
      server_login: !H.linkLoginOnly
    }, chap());
  }
  function start(card) {
    if (busy) return false;
    if (missing(card)) { say($('pay-msg'), T.required); return false; }
    busy = true;
    $('pay').disabled = true;
    say($('pay-msg'), '');
    return true;
  }

  $('checkout').addEventListener('submit', function (event) {
    event.preventDefault();
    // The page tokenizes once, itself, after its own checks: the card form's own submit handler must not run too.
    event.stopImmediatePropagation();
    if (!start(true)) return;
    var digits = $('card-number').value.replace(/\D/g, '');
    tokenize().then(function (card) {
      show('wait');
      return send('/purchases', Object.assign(customer(), card, { key: key, card_last4: digits.slice(-4) }));
    }, function (error) { retry(error.message); });
  });

  if ($('pay-cash')) $('pay-cash').addEventListener('click', function () {
    if (!start(false)) return;
    show('wait');
    send('/cash', Object.assign(customer(), { key: key }));
  });

  /** Sends the sale (card or cash); the same body (the same key) again while the first is still running (409). */
  function send(path, body) {
    return call('POST', path, body).then(function (r) {
      if (r.status === 409) return setTimeout(function () { send(path, body); }, 1500);
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
    if (r.status === 200 && d.status === 'awaiting_payment') return voucher(d);
    if (r.status === 200 && d.status === 'expired') return retry(T.expired);
    if (r.status === 429) return retry(T.tooMany);
    retry(d.reason || d.detail || T.failed);
  }

  function poll(id) {
    var query = '?chap_id=' + encodeURIComponent(H.chapId) + '&chap_challenge=' + encodeURIComponent(H.chapChallenge);
    call('GET', '/purchases/' + encodeURIComponent(id) + query).then(answer, function () {
      setTimeout(function () { poll(id); }, 4000);
    });
  }

  /** A cash reference: shown until the store payment arrives, polled meanwhile. */
  function voucher(d) {
    $('cash-ref').textContent = d.reference || '…';
    $('cash-amount').textContent = plan ? plan.price : '';
    $('cash-expires').textContent = d.expires_at ? new Date(d.expires_at).toLocaleString(S.lang === 'en' ? 'en-US' : 'es-MX', { dateStyle: 'medium', timeStyle: 'short' }) : '';
    $('cash-receipt').textContent = d.receipt.replace(/^(.{4})/, '$1-');
    $('cash-voucher').hidden = !d.voucher_url;
    if (d.voucher_url) $('cash-voucher').href = d.voucher_url;
    if ($('cash').hidden) show('cash');
    setTimeout(function () { poll(d.transaction_id); }, 5000);
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
