package org.openrsm.benchmark;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Figures a benchmark program leaves for the performance report ({@link PerformanceReport}): one properties file per
 * benchmark in {@code -Dopenrsm.results} (default {@code target/benchmark-results}).
 */
public final class Results {
    private Results() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("openrsm.results", "target/benchmark-results"));
    }

    /** Writes the figures of one benchmark, replacing those of its last run. */
    public static void save(String benchmark, Map<String, ?> figures) throws IOException {
        Files.createDirectories(dir());
        Properties p = new Properties();
        new TreeMap<>(figures).forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        try (Writer w = Files.newBufferedWriter(dir().resolve(benchmark + ".properties"))) {
            p.store(w, "figures of " + benchmark);
        }
    }

    /** The figures of one benchmark's last run; empty if it has not run. */
    public static Properties load(String benchmark) throws IOException {
        Properties p = new Properties();
        Path file = dir().resolve(benchmark + ".properties");
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }
}
