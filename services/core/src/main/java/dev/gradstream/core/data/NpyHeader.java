package dev.gradstream.core.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary at the start of a {@code .npy} file, e.g.
 * {@code {'descr': '|u1', 'fortran_order': False, 'shape': (5000, 28, 28), }}, parsed by a small recursive
 * descent over the Python literal subset NumPy writes (strings, True/False, integers, tuples, lists). The
 * three keys must all be present and no others, as NumPy itself requires.
 *
 * @param shape dimensions as written; validated against the file size by {@link NpyReader}
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    static NpyHeader parse(String source, String text) {
        Parser p = new Parser(source, text);
        Object value = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the dictionary");
        }
        if (!(value instanceof Map<?, ?> dict)) {
            throw new DataFormatException(source, "header is not a dictionary: " + abbreviate(text));
        }
        for (Object key : dict.keySet()) {
            if (!List.of("descr", "fortran_order", "shape").contains(key)) {
                throw new DataFormatException(source, "header has unexpected key '" + key + "'");
            }
        }
        Object descr = require(source, dict, "descr");
        Object fortran = require(source, dict, "fortran_order");
        Object shape = require(source, dict, "shape");
        if (!(descr instanceof String d)) {
            throw new DataFormatException(source, "descr " + descr + " is a structured dtype; only |u1, <i8 and <f4 are supported");
        }
        if (!(fortran instanceof Boolean f)) {
            throw new DataFormatException(source, "fortran_order " + fortran + " is not True or False");
        }
        if (!(shape instanceof Tuple t)) {
            throw new DataFormatException(source, "shape " + shape + " is not a tuple");
        }
        long[] dims = new long[t.items().size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(t.items().get(i) instanceof Long dim)) {
                throw new DataFormatException(source, "shape entry " + t.items().get(i) + " is not an integer");
            }
            if (dim < 0) {
                throw new DataFormatException(source, "shape entry " + dim + " is negative");
            }
            dims[i] = dim;
        }
        return new NpyHeader(d, f, dims);
    }

    private static Object require(String source, Map<?, ?> dict, String key) {
        if (!dict.containsKey(key)) {
            throw new DataFormatException(source, "header has no '" + key + "' key");
        }
        return dict.get(key);
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 120 ? t : t.substring(0, 117) + "...";
    }

    private record Tuple(List<Object> items) {
        @Override
        public String toString() {
            return items.toString().replace('[', '(').replace(']', ')');
        }
    }

    private static final class Parser {
        private final String source;
        private final String text;
        private int pos;

        Parser(String source, String text) {
            this.source = source;
            this.text = text;
        }

        Object value() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("header ends early");
            }
            char c = text.charAt(pos);
            if (c == '{') {
                return dict();
            } else if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']');
            } else if (c == '\'' || c == '"') {
                return string();
            } else if (c == '-' || Character.isDigit(c)) {
                return integer();
            } else if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            } else if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("unexpected character '" + c + "'");
        }

        private Map<Object, Object> dict() {
            Map<Object, Object> map = new LinkedHashMap<>();
            pos++; // '{'
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return map;
                }
                Object key = value();
                skipSpace();
                expect(':');
                Object v = value();
                if (map.put(key, v) != null) {
                    throw error("key '" + key + "' appears twice");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private Object sequence(char close) {
            List<Object> items = new ArrayList<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    return close == ')' ? new Tuple(items) : items;
                }
                items.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
        }

        private String string() {
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos, end);
            pos = end + 1;
            return s;
        }

        private Long integer() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            String digits = text.substring(start, pos);
            if (peek() == 'L') { // Python 2 long literal, as in old files
                pos++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("integer " + digits + " is absurd (not a 64-bit value)");
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        DataFormatException error(String what) {
            return new DataFormatException(source, "header not parseable at character " + pos + ": " + what
                    + " in " + abbreviate(text));
        }
    }
}
