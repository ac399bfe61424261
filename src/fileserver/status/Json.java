package fileserver.status;

import java.math.BigDecimal;

/**
 * A small writer of JSON text, enough for {@link StatusJson}: objects, arrays, strings and
 * numbers, written in order with the commas put in for the caller. Strings are escaped so
 * the text is safe inside HTML as well: besides what JSON requires, {@code <}, {@code >},
 * {@code &}, U+2028, U+2029 and every surrogate come out as {@code \}{@code uXXXX}.
 */
final class Json {
    private final StringBuilder out = new StringBuilder(1024);
    /** True right after an opening bracket or a name: the next value needs no comma. */
    private boolean first = true;

    Json beginObject() {
        return open('{');
    }

    Json endObject() {
        return close('}');
    }

    Json beginArray() {
        return open('[');
    }

    Json endArray() {
        return close(']');
    }

    /** A member's name; its value comes next. */
    Json name(String name) {
        comma();
        quote(name);
        out.append(':');
        first = true;
        return this;
    }

    Json field(String name, String value) {
        return name(name).value(value);
    }

    Json field(String name, long value) {
        return name(name).value(value);
    }

    /** A decimal number, as plain digits ({@code 12.3}, never {@code 1.23E+1}). */
    Json field(String name, BigDecimal value) {
        name(name).comma();
        out.append(value.stripTrailingZeros().toPlainString());
        return this;
    }

    Json value(String value) {
        comma();
        quote(value);
        return this;
    }

    Json value(long value) {
        comma();
        out.append(value);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private Json open(char bracket) {
        comma();
        out.append(bracket);
        first = true;
        return this;
    }

    private Json close(char bracket) {
        out.append(bracket);
        first = false;
        return this;
    }

    private void comma() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void quote(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
                            || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
