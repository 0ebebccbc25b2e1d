// linkify-it and punycode, which markdown-it loads for what Accord keeps off (linkify; links are written as
// typed, never normalised): nothing of them is ever called.
export default class Unused {
  static toASCII(value) {
    return value;
  }
  static toUnicode(value) {
    return value;
  }
}
