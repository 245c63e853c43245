package org.openrsm.sample.it;

import jakarta.ejb.EJB;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not a test: the benchmark of a transactional vs a non-transactional mount + dismount cycle in Liberty, run with
 * {@code mvn -B -pl ejb-sample -Pbenchmark verify}; prints the figures (Liberty's console.log) and writes them to
 * ejb-sample/target/liberty/wlp/usr/servers/openrsm/cycle-benchmark.txt, the distribution to cycle-benchmark.csv beside
 * it (for the performance report, {@code tools/performance-report}).
 */
@ExtendWith(ArquillianExtension.class)
class CycleBenchmarkIT {
    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "cycle-benchmark.war")
                .addClasses(CycleBenchmarkIT.class, CycleBenchmarkBean.class, CycleBenchmarkBean.Figures.class, TxBean.class,
                        TxBean.Work.class, TxBean.Attempt.class, Inspector.class, TxDeployments.class)
                .addClasses(TxDeployments.ARCHIVE_SERVICE);
    }

    @EJB
    private CycleBenchmarkBean bench;

    @Test
    void mountDismountCycleWithAndWithoutTransactions() throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> csv = new ArrayList<>(List.of("kind,percentile,micros"));
        for (String kind : List.of("no transaction", "XA, one phase", "XA, two phases with the archive index")) {
            CycleBenchmarkBean.Figures f = bench.run(kind, 300, 2000);
            lines.add(f.toString());
            csv.add(kind + ",store commits per cycle," + f.storeCommitsPerCycle());
            for (int i = 0; i < f.percentiles().length; i++) {
                csv.add(kind + "," + CycleBenchmarkBean.PERCENTILES[i] + "," + f.percentiles()[i]);
            }
        }
        lines.forEach(System.out::println);
        Files.write(Path.of(System.getProperty("server.output.dir"), "cycle-benchmark.txt"), lines);
        // the distribution, for the performance report (rar/engine's PerformanceReport reads it)
        Files.write(Path.of(System.getProperty("server.output.dir"), "cycle-benchmark.csv"), csv);
    }
}
