package org.openrsm.changer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real outputs of real libraries and of tgt, kept in src/test/resources/fixtures (SOURCES.md says where from). */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixture's text without the {@code [exit status N]} lines the capture script appended. */
    public static String mtx(String name) {
        return read("mtx/" + name).replaceAll("(?m)^\\[exit status \\d+\\]\\n?", "");
    }

    /** The exit status the capture recorded last, or 0 for fixtures from the web. */
    public static int mtxExit(String name) {
        var m = java.util.regex.Pattern.compile("\\[exit status (\\d+)\\]").matcher(read("mtx/" + name));
        int exit = 0;
        while (m.find()) {
            exit = Integer.parseInt(m.group(1));
        }
        return exit;
    }

    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
