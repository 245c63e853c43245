package org.openrsm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.openrsm.api.AccessEntry;
import org.openrsm.api.AccessRight;
import org.openrsm.api.Acl;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaId;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PendingMount;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.api.RsmLocalTransaction;
import org.openrsm.api.SessionSpec;
import org.openrsm.changer.sim.SimulatedLibrary;

/**
 * Hostile input: jqwik calls every {@link MediaSession} method with arguments drawn from null, unknown, foreign-typed
 * and deleted ids, out-of-range numbers and options, huge strings, arrays and lists, as an administrator and as a user
 * without rights. Only RsmException comes out (never INTERNAL_ERROR, which would be a defect), no call hangs, and a
 * refused call leaves the catalog exactly as it was. Long run: {@code -Djqwik.tries.default=100000} (README).
 */
class FuzzTest {
    private static final String LIB = "fuzzlib";
    /** every public method applications can call; {@code close} is called as well, and the session opened again */
    private static final List<Method> METHODS = Arrays.stream(MediaSession.class.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .sorted(Comparator.comparing(Method::toGenericString)).toList();
    private static Path dir;
    private static RsmServer server;
    private static MediaSession admin;
    private static MediaSession user;
    /** ids of objects that existed and were deleted: a hostile caller may still hold them */
    private static final List<RsmId> deleted = new ArrayList<>();
    private static final ExecutorService caller = Executors.newSingleThreadExecutor();
    private static long calls;
    private static long refused;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("openrsm-fuzz");
        server = RsmServer.builder().store(dir.resolve("db")).jmx(false)
                .library(SimulatedLibrary.named(LIB).drives(2).slots(12).cartridges(8).ioPorts(1).dataFolder(dir.resolve("tapes")))
                .start();
        admin = server.openSession("fuzz-admin");
        user = server.openSession(new SessionSpec("fuzz-user", "mallory", null));
        MediaPoolId pool = admin.createMediaPool("\\Fuzz", admin.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
        admin.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, false, 0));
        LogicalMediaId gone = admin.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        admin.deallocate(gone);
        deleted.add(gone);
        MediaPoolId deletedPool = admin.createMediaPool("\\Gone", admin.mediaType("LTO_Ultrium"), CreateDisposition.CREATE_NEW);
        admin.deleteMediaPool(deletedPool);
        deleted.add(deletedPool);
        admin.allocate(pool, AllocateOptions.errorIfNoneAvailable());
    }

    @AfterContainer
    static void stop() throws IOException {
        System.out.println("fuzz: " + calls + " calls, " + refused + " refused with an RSM error, none with anything else");
        caller.shutdownNow();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    record Call(int method, boolean asAdmin, List<Integer> choices) {
        @Override
        public String toString() {
            return (asAdmin ? "admin " : "user ") + METHODS.get(method).getName() + " " + choices;
        }
    }

    @Provide
    Arbitrary<Call> calls() {
        return Combinators.combine(Arbitraries.integers().between(0, METHODS.size() - 1), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 1_000).list().ofSize(4)).as(Call::new);
    }

    @Property(seed = "20261202")
    void onlyRsmErrorsComeOutAndARefusedCallChangesNothing(@ForAll("calls") Call call) throws Exception {
        Method method = METHODS.get(call.method());
        Object[] args = new Object[method.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            List<Object> candidates = candidates(method.getGenericParameterTypes()[i], method);
            args[i] = candidates.get(call.choices().get(i % 4) % candidates.size());
        }
        MediaSession session = call.asAdmin() ? admin : user;
        // robot work of earlier calls (an eject, a zero defer delay) finishes first: it is not this call's doing
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(20))).isTrue();
        String before = catalog();
        Future<Object> outcome = caller.submit(() -> invoke(method, session, args));
        Object result;
        try {
            result = outcome.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(call + " did not return within 20 s", e);
        }
        calls++;
        assertThat(server.awaitRobotsIdle(Duration.ofSeconds(20))).isTrue();
        if (result instanceof RsmException e) {
            refused++;
            assertThat(e.error()).as(call + ": " + e.getMessage()).isNotEqualTo(RsmError.INTERNAL_ERROR);
            assertThat(e.getMessage()).as(call.toString()).startsWith(e.error().name() + ": ");
            assertThat(catalog()).as(call + " was refused (" + e.getMessage() + ") and must change nothing").isEqualTo(before);
        } else {
            settle(result, method);
        }
    }

    /** The call's return value, or the RsmException it threw; anything else fails the property. */
    private static Object invoke(Method method, MediaSession session, Object[] args) throws Exception {
        try {
            return method.invoke(session, args);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the fuzz built wrong arguments for " + method + ": " + Arrays.toString(args), e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RsmException r) {
                return r;
            }
            throw new AssertionError(method.getName() + Arrays.deepToString(args) + " threw " + e.getCause(), e.getCause());
        }
    }

    /** Leaves no open handle behind a call that succeeded; a closed session is opened again. */
    private static void settle(Object result, Method method) throws Exception {
        if (result instanceof java.nio.channels.Channel c) {
            c.close();
        } else if (result instanceof PendingMount p) {
            p.cancel();
        } else if (result instanceof RsmLocalTransaction t && t.isActive()) {
            t.rollback();
        }
        if (method.getName().equals("close")) {
            admin.close();
            user.close();
            admin = server.openSession("fuzz-admin");
            user = server.openSession(new SessionSpec("fuzz-user", "mallory", null));
        }
        if (method.getName().startsWith("delete") || method.getName().equals("deallocate")) {
            rememberDeleted();
        }
    }

    /** The catalog as text: what a refused call must not change. Library and operator requests may (they log refusals). */
    private static String catalog() throws RsmException {
        try (MediaSession s = server.openSession("fuzz-checker")) {
            StringBuilder out = new StringBuilder();
            for (ObjectType type : List.of(ObjectType.LIBRARY, ObjectType.DRIVE, ObjectType.STORAGESLOT, ObjectType.IEPORT,
                    ObjectType.MEDIA_TYPE, ObjectType.MEDIA_POOL, ObjectType.PHYSICAL_MEDIA, ObjectType.PARTITION,
                    ObjectType.LOGICAL_MEDIA)) {
                List<String> objects = new ArrayList<>();
                for (ObjectInfo o : s.enumerate(null, type)) {
                    objects.add(o instanceof org.openrsm.api.SideInfo side
                            ? side.id() + " " + side.state() + " " + side.logicalMedia() + " " + side.allocateCount()
                            : o.toString());
                }
                Collections.sort(objects);
                out.append(type).append(objects).append('\n');
            }
            return out.toString();
        }
    }

    private static void rememberDeleted() throws RsmException {
        // the fuzz keeps whatever ids it met; ids it can no longer see were deleted by the call
        for (RsmId id : known) {
            if (!deleted.contains(id) && !exists(id)) {
                deleted.add(id);
            }
        }
    }

    private static boolean exists(RsmId id) {
        try {
            admin.info(id, ObjectInfo.class);
            return true;
        } catch (RsmException e) {
            return false;
        }
    }

    private static final List<RsmId> known = new ArrayList<>();

    /** Existing ids of every type, refreshed per call. */
    private static List<RsmId> existing() throws RsmException {
        List<RsmId> ids = new ArrayList<>();
        for (ObjectType type : ObjectType.values()) {
            try {
                for (ObjectInfo o : admin.enumerate(null, type)) {
                    ids.add(o.id());
                }
            } catch (RsmException e) {
                // not every type can be listed without a container
            }
        }
        for (RsmId id : ids) {
            if (!known.contains(id)) {
                known.add(id);
            }
        }
        return ids;
    }

    private static List<Object> candidates(Type type, Method method) throws Exception {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        List<Object> out = new ArrayList<>();
        boolean blocking = method.getName().startsWith("await") || method.getName().startsWith("waitFor");
        if (raw == boolean.class) {
            return List.of(true, false);
        }
        if (raw == int.class || raw == long.class) {
            return List.of(0, 1, -1, 15, 16, 100_000, Integer.MAX_VALUE, Integer.MIN_VALUE);
        }
        out.add(null);
        if (RsmId.class.isAssignableFrom(raw)) {
            out.addAll(ids(raw));
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            Class<?> of = element instanceof Class<?> c ? c : RsmId.class;
            if (element instanceof java.lang.reflect.WildcardType w) {
                of = (Class<?>) w.getUpperBounds()[0];
            }
            List<RsmId> valid = ids(of);
            out.add(List.of());
            out.add(valid.subList(0, Math.min(1, valid.size())));
            out.add(valid.subList(0, Math.min(3, valid.size())));
            out.add(Collections.nCopies(2, valid.isEmpty() ? null : valid.get(valid.size() - 1)));
            out.add(Arrays.asList(valid.isEmpty() ? null : valid.get(0), null));
            out.add(List.of(DriveId.random()));   // heap pollution: an id of another type in the list
            List<RsmId> huge = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                huge.add(LogicalMediaId.random());
            }
            out.add(huge);
        } else if (raw == String.class) {
            out.addAll(List.of("", "x", "\\Fuzz", "\\Free\\LTO_Ultrium", "\\Fuzz\\child", "LTO_Ultrium", "A00001L8", "CLN001",
                    "drive1", "a\u0000b", "..\\..", "x".repeat(10_000)));
        } else if (raw == byte[].class) {
            out.addAll(List.of(new byte[0], new byte[] {1}, new byte[100_000]));
        } else if (raw == Duration.class) {
            // no null or very long waits where they would block: a bounded wait is what is fuzzed
            // (a short defer-dismount delay would move media on a timer, between this call and the next)
            out.addAll(List.of(Duration.ZERO, Duration.ofMillis(-5)));
            if (blocking) {
                out.remove(null);
                out.add(Duration.ofMillis(20));
            } else {
                out.addAll(List.of(Duration.ofDays(1_000_000), Duration.ofHours(1)));
            }
        } else if (raw.isEnum()) {
            out.addAll(Arrays.asList(raw.getEnumConstants()));
        } else if (raw == MountOptions.class) {
            out.remove(null);
            out.add(MountOptions.builder().timeout(Duration.ofMillis(20)).build());
            out.add(MountOptions.builder().write().errorIfUnavailable().build());
            out.add(MountOptions.builder().errorIfOffline().priority(15).timeout(Duration.ofMillis(20)).build());
            out.add(MountOptions.builder().specificDrives(List.of(DriveId.random())).timeout(Duration.ofMillis(20)).build());
        } else if (raw == AllocateOptions.class) {
            out.add(AllocateOptions.errorIfNoneAvailable());
            out.add(AllocateOptions.builder().timeout(Duration.ofMillis(20)).build());
            out.add(AllocateOptions.builder().newSide().errorIfUnavailable().build());
            out.add(AllocateOptions.builder().nextSide(LogicalMediaId.random()).errorIfUnavailable().build());
            out.add(AllocateOptions.builder().side(org.openrsm.api.SideId.random()).errorIfUnavailable().build());
        } else if (raw == MediaPoolPolicy.class) {
            out.addAll(List.of(MediaPoolPolicy.DEFAULT, new MediaPoolPolicy(true, true, 3), new MediaPoolPolicy(false, false, 1)));
        } else if (raw == Acl.class) {
            out.addAll(List.of(Acl.of(), Acl.of(new AccessEntry("mallory", java.util.Set.of(AccessRight.CONTROL))),
                    Acl.of(new AccessEntry("nobody-at-all", java.util.Set.of(AccessRight.USE)))));
        } else if (raw == Class.class) {
            out.addAll(List.of(ObjectInfo.class, DriveInfo.class, LibraryInfo.class));
        } else if (raw == org.openrsm.api.RsmNotificationListener.class) {
            out.add((org.openrsm.api.RsmNotificationListener) n -> { });
        }
        return out;
    }

    /** Unknown, existing, deleted and (for RsmId and MediaId parameters) foreign-typed ids assignable to {@code raw}. */
    private static List<RsmId> ids(Class<?> raw) throws Exception {
        List<RsmId> out = new ArrayList<>();
        if (raw == RsmId.class) {
            out.add(LogicalMediaId.random());
            out.add(MediaPoolId.random());
        } else if (raw == MediaId.class) {
            out.add(LogicalMediaId.random());
            out.add(org.openrsm.api.SideId.random());
        } else {
            out.add((RsmId) raw.getMethod("random").invoke(null));
        }
        for (RsmId id : existing()) {
            if (raw.isInstance(id)) {
                out.add(id);
            }
        }
        for (RsmId id : deleted) {
            if (raw.isInstance(id)) {
                out.add(id);
            }
        }
        return out;
    }
}
