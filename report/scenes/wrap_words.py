"""Word-wraps a scene's output for the terminal it is photographed in.

Usage: python3 wrap_words.py COLUMNS  (a filter: stdin to stdout)

report/scenes/play.sh pipes each scene's output through this filter on its way to the
xterm (the transcript keeps the lines as printed). A line wider than the terminal is
broken at the last space that fits, so nothing is split mid-word the way the terminal's
own wrapping splits it ("repor|t"); only a single word wider than the whole terminal is
still broken, at the edge. It counts what the terminal shows: escape sequences take no
room, East Asian wide characters and emoji take two columns, combining marks none; a
carriage return or a tab moves the column as the terminal does. Output goes out as it
comes in, except the word being read, which waits for the space or line end after it.
"""

import codecs
import os
import sys
import unicodedata


def char_width(char):
    """Columns the terminal gives CHAR."""
    if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


class Wrapper:
    def __init__(self, columns, out):
        self.columns = columns
        self.out = out
        self.column = 0  # column of the cursor after what has gone out
        self.spaces = ""  # spaces read after the last word out, not yet out
        self.word = []  # the word being read: (text, width) pieces
        self.escape = None  # an escape sequence being read

    def emit(self, text):
        self.out.append(text)

    def place_word(self):
        """Puts out the pending spaces and word, on a new line if they do not fit."""
        width = sum(w for _, w in self.word)
        if self.column + len(self.spaces) + width <= self.columns:
            self.emit(self.spaces)
            self.column += len(self.spaces)
        elif self.column > 0 and width > 0:
            self.emit("\n")  # the spaces before a word that moves down are dropped
            self.column = 0
        for text, w in self.word:
            if w and self.column + w > self.columns:
                self.emit("\n")  # a word wider than the terminal: broken at the edge
                self.column = 0
            self.emit(text)
            self.column += w
        self.spaces = ""
        self.word = []

    def feed(self, text):
        for char in text:
            if self.escape is not None:
                self.escape += char
                # CSI: ESC [ parameters final (@ to ~); others: ESC and one character.
                if (len(self.escape) == 2 and char != "[") or (
                    len(self.escape) > 2 and "@" <= char <= "~"
                ):
                    self.word.append((self.escape, 0))
                    self.escape = None
            elif char == "\x1b":
                self.escape = char
            elif char == " ":
                if self.word:
                    self.place_word()
                self.spaces += " "
            elif char in "\n\r":
                self.place_word()
                self.emit(char)
                self.column = 0
            elif char == "\t":
                self.place_word()
                self.emit(char)
                self.column = min(self.columns, (self.column // 8 + 1) * 8)
            elif ord(char) < 0x20 or ord(char) == 0x7F:
                self.word.append((char, 0))
            else:
                self.word.append((char, char_width(char)))

    def finish(self):
        if self.escape is not None:
            self.word.append((self.escape, 0))
            self.escape = None
        self.place_word()


def main(argv):
    if len(argv) != 2 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.stderr.write("Usage: python3 wrap_words.py COLUMNS  (a filter: stdin to stdout)\n")
        return 2
    out = []
    wrapper = Wrapper(int(argv[1]), out)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while True:
        chunk = os.read(0, 65536)
        if chunk:
            wrapper.feed(decoder.decode(chunk))
        else:
            wrapper.feed(decoder.decode(b"", final=True))
            wrapper.finish()
        if out:
            sys.stdout.buffer.write("".join(out).encode("utf-8"))
            sys.stdout.buffer.flush()
            out.clear()
        if not chunk:
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
