/**
 * The `md5.js` the mock's login page loads for CHAP: `hexMD5(text)` over the text's character
 * codes taken as bytes (Latin-1), lowercase hex, as MikroTik's stock md5.js computes it. The mock's
 * own compact implementation (RFC 1321), not MikroTik's file.
 */
export const MD5_SCRIPT = `function hexMD5(s) {
  var K = [], S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21], i, j;
  for (i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) | 0;
  var n = s.length, blocks = (((n + 8) >> 6) + 1) * 16, w = [];
  for (i = 0; i < blocks; i++) w[i] = 0;
  for (i = 0; i < n; i++) w[i >> 2] |= (s.charCodeAt(i) & 255) << ((i % 4) * 8);
  w[n >> 2] |= 0x80 << ((n % 4) * 8);
  w[blocks - 2] = n * 8;
  var a = 0x67452301, b = 0xefcdab89 | 0, c = 0x98badcfe | 0, d = 0x10325476;
  for (i = 0; i < blocks; i += 16) {
    var A = a, B = b, C = c, D = d;
    for (j = 0; j < 64; j++) {
      var f, g;
      if (j < 16) { f = (B & C) | (~B & D); g = j; }
      else if (j < 32) { f = (D & B) | (~D & C); g = (5 * j + 1) % 16; }
      else if (j < 48) { f = B ^ C ^ D; g = (3 * j + 5) % 16; }
      else { f = C ^ (B | ~D); g = (7 * j) % 16; }
      var r = S[(j >> 4) * 4 + (j % 4)], x = (A + f + K[j] + w[i + g]) | 0, t = D;
      D = C; C = B; B = (B + ((x << r) | (x >>> (32 - r)))) | 0; A = t;
    }
    a = (a + A) | 0; b = (b + B) | 0; c = (c + C) | 0; d = (d + D) | 0;
  }
  var hex = '', v = [a, b, c, d];
  for (i = 0; i < 16; i++) hex += ((v[i >> 2] >>> ((i % 4) * 8 + 4)) & 15).toString(16) + ((v[i >> 2] >>> ((i % 4) * 8)) & 15).toString(16);
  return hex;
}
`;
