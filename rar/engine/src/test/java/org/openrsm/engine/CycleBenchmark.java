package org.openrsm.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.benchmark.Results;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * JMH: the engine alone (no connector, no container) serving a mount of a tape that waits in its drive and the
 * deferred dismount after it: the cycle that writes nothing to the store. Sample time, so that the report has the
 * distribution, not only a mean. Not a test: {@code mvn -pl rar/engine -Pbenchmark verify -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class CycleBenchmark {
    private Path dir;
    private RsmServer server;
    private MediaSession session;
    private LogicalMediaId medium;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("openrsm-cycle");
        server = RsmServer.builder().store(dir.resolve("db")).library(SimulatedLibrary.named("cycle").drives(2).slots(10)
                .cartridges(4).dataFolder(dir.resolve("tapes"))).jmx(false).deferDismountDelay(Duration.ofHours(1)).start();
        session = server.openSession("cycle");
        MediaPoolId pool = session.createMediaPool("\\Cycle", session.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
        session.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, false, 0));
        medium = session.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        session.mount(medium, MountOptions.read());   // the one load: from here on the tape waits in its drive
        session.dismount(medium, DismountMode.DEFERRED);
    }

    @Benchmark
    public DriveId mountAndDeferredDismount() throws Exception {
        DriveId drive = session.mount(medium, MountOptions.read());
        session.dismount(medium, DismountMode.DEFERRED);
        return drive;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        session.close();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs the benchmark and leaves its percentiles (µs) for the performance report. */
    public static void main(String[] args) throws Exception {
        RunResult result = new Runner(new OptionsBuilder().include(CycleBenchmark.class.getName()).build()).runSingle();
        Statistics stats = result.getPrimaryResult().getStatistics();
        Map<String, Object> figures = new LinkedHashMap<>();
        for (double p : new double[] {1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.9}) {
            figures.put("p" + p, stats.getPercentile(p));
        }
        figures.put("samples", stats.getN());
        System.out.printf("engine alone, mount of a tape in its drive + deferred dismount: median %.1f µs, p99 %.1f µs "
                + "(%d samples)%n", stats.getPercentile(50), stats.getPercentile(99), stats.getN());
        Results.save("cycle", figures);
    }
}
