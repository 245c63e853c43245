package org.openrsm.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of named columns, printed as an aligned table for people or as JSON for scripts. */
final class Output {
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    Output(String... columns) {
        this.columns = List.of(columns);
    }

    Output row(Object... values) {
        List<String> row = new ArrayList<>();
        for (Object v : values) {
            row.add(v == null ? "" : String.valueOf(v));
        }
        rows.add(row);
        return this;
    }

    int size() {
        return rows.size();
    }

    void print(PrintWriter out, boolean json) {
        if (json) {
            out.println(json());
        } else {
            table(out);
        }
        out.flush();
    }

    private void table(PrintWriter out) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, columns, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
    }

    private static void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == 0 ? "" : "  ").append(cells.get(i)).append(" ".repeat(width[i] - cells.get(i).length()));
        }
        out.println(b.toString().stripTrailing());
    }

    String json() {
        List<Map<String, String>> objects = new ArrayList<>();
        for (List<String> r : rows) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                o.put(columns.get(i), r.get(i));
            }
            objects.add(o);
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < objects.size(); i++) {
            b.append(i == 0 ? "" : ",").append('{');
            int k = 0;
            for (Map.Entry<String, String> e : objects.get(i).entrySet()) {
                b.append(k++ == 0 ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
            }
            b.append('}');
        }
        return b.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
