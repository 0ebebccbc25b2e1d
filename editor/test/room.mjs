// `npm test` too: what room.js sends for each edit, as a property over random texts: the change it computes turns the
// old text into the new one exactly, deletes only what differs, and moves a place as the text around it moved; two
// Yjs documents syncing such changes, typed at once, end with one text holding both writers' words.
import * as Y from "yjs";
import { change } from "../src/room.js";

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const alphabet = ["a", "b", " ", "é", "😀", "😁", "[", "]", "*", "\n"]; // 😀 and 😁: one high surrogate, two low
const text = (n) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
const failures = [];

for (let i = 0; i < 2000; i += 1) {
  const old = text(Math.floor(random() * 20));
  const now = text(Math.floor(random() * 20));
  const { at, removed, inserted } = change(old, now);
  const made = old.slice(0, at) + inserted + old.slice(at + removed);
  if (made !== now) failures.push(`change(${JSON.stringify(old)}, ${JSON.stringify(now)}) makes ${JSON.stringify(made)}`);
  if (removed > old.length - at) failures.push(`removes beyond the end: ${JSON.stringify([old, now])}`);
  const halves = (s, i) => i > 0 && i < s.length && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff;
  if (halves(old, at) || halves(old, at + removed)) failures.push(`cuts a character in two: ${JSON.stringify([old, now])}`);
}

// Two writers typing at once, each sending change() of its own text, then syncing: both words kept, one text.
for (let i = 0; i < 300; i += 1) {
  const base = text(8 + Math.floor(random() * 10));
  const [a, b] = [new Y.Doc(), new Y.Doc()];
  a.getText("markdown").insert(0, base);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const edit = (doc, word) => {
    const t = doc.getText("markdown");
    const old = t.toString();
    const places = [...Array(old.length + 1).keys()].filter((i) => !(i > 0 && old.charCodeAt(i - 1) >= 0xd800 && old.charCodeAt(i - 1) <= 0xdbff));
    const place = places[Math.floor(random() * places.length)]; // a place a caret can be
    const now = old.slice(0, place) + word + old.slice(place);
    const { at, removed, inserted } = change(old, now);
    doc.transact(() => {
      if (removed) t.delete(at, removed);
      if (inserted) t.insert(at, inserted);
    });
  };
  edit(a, "ALPHA");
  edit(b, "BRAVO");
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const [ta, tb] = [a.getText("markdown").toString(), b.getText("markdown").toString()];
  if (ta !== tb || !ta.includes("ALPHA") || !ta.includes("BRAVO") || ta.length !== base.length + 10) {
    failures.push(`two writers on ${JSON.stringify(base)}: ${JSON.stringify(ta)} / ${JSON.stringify(tb)}`);
  }
}

for (const failure of failures.slice(0, 20)) console.log(failure);
console.log(`room: ${failures.length ? failures.length + " failed" : "all passed"}`);
process.exit(failures.length ? 1 : 0);
