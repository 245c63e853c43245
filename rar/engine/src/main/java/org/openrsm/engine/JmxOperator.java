package org.openrsm.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveId;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.PortId;
import org.openrsm.api.PortInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;

/**
 * What an operator does through JMX (jconsole, the {@code openrsm} command line): RSM operations of a session of the
 * server's administrator principal, with the access checks of any session, each logged once with its outcome. Names
 * stand for ids here (a library's and a drive's name, a cartridge's bar code, a pool's path, a port's number), as an
 * operator knows them. A refusal reaches the JMX client as an {@link IllegalArgumentException} with RSM's message
 * (JMX clients do not have {@code RsmException}).
 */
final class JmxOperator {
    private static final Logger LOG = Logger.getLogger(JmxOperator.class.getName());
    static final String APPLICATION = "JMX operator";

    private final Engine engine;
    /** the sessions of media mounted through JMX, by bar code: a dismount by bar code ends them */
    private final Map<String, MediaSession> mounts = new ConcurrentHashMap<>();

    JmxOperator(Engine engine) {
        this.engine = engine;
    }

    @FunctionalInterface
    interface Operation<T> {
        T apply(MediaSession session) throws RsmException;
    }

    /** Runs {@code operation} in a new administrator session and logs it: {@code what} names the operation and its objects. */
    <T> T call(String what, Operation<T> operation) {
        try (MediaSession session = open()) {
            return logged(what, operation.apply(session));
        } catch (RsmException e) {
            throw refused(what, e);
        }
    }

    /** A read in a new administrator session: not logged (it changes nothing). */
    <T> T read(Operation<T> operation) {
        try (MediaSession session = open()) {
            return operation.apply(session);
        } catch (RsmException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private MediaSession open() throws RsmException {
        return GuardedSession.wrap(engine, engine.openSession(APPLICATION, engine.administrator, Set.of()));
    }

    private <T> T logged(String what, T result) {
        LOG.info(() -> "JMX as " + engine.administrator + ": " + what + (result == null ? "" : ": " + result));
        return result;
    }

    private IllegalArgumentException refused(String what, RsmException e) {
        LOG.info(() -> "JMX as " + engine.administrator + ": " + what + " refused: " + e.getMessage());
        return new IllegalArgumentException(e.getMessage());
    }

    // ---- mounts by bar code: the session that mounted keeps the medium until the dismount

    /** Mounts the cartridge's first side in a drive the engine chooses; the drive's name. */
    String mount(String library, String barCode, boolean write, Duration timeout) {
        String what = "mount " + barCode + " of " + library + (write ? " for writing" : "");
        MediaSession session = null;
        try {
            session = open();
            PhysicalMediaInfo cartridge = cartridge(session, library, barCode);
            MountOptions.Builder options = MountOptions.builder().timeout(timeout);
            DriveId drive = session.mount(cartridge.sides().get(0), (write ? options.write() : options.read()).build());
            if (mounts.putIfAbsent(barCode, session) != null) {
                session.dismount(cartridge.sides().get(0), DismountMode.DEFERRED);
                throw new RsmException(RsmError.INVALID_STATE, barCode + " is mounted through JMX already");
            }
            String name = session.info(drive, DriveInfo.class).name();
            session = null;
            return logged(what, name);
        } catch (RsmException e) {
            throw refused(what, e);
        } finally {
            closeQuietly(session);
        }
    }

    /**
     * Sends the cartridge home: the end of a JMX mount ({@code mode}), or {@code DismountNtmsDrive} of a cartridge that
     * waits DISMOUNTABLE in its drive.
     */
    void dismount(String library, String barCode, DismountMode mode) {
        String what = "dismount " + barCode + " of " + library + " (" + mode + ")";
        MediaSession holder = mounts.remove(barCode);
        try {
            if (holder != null) {
                try (holder) {
                    PhysicalMediaInfo cartridge = cartridge(holder, library, barCode);
                    holder.dismount(cartridge.sides().get(0), mode);
                }
                logged(what, null);
                return;
            }
            call(what, s -> {
                PhysicalMediaInfo cartridge = cartridge(s, library, barCode);
                if (cartridge.locationType() != ObjectType.DRIVE) {
                    throw new RsmException(RsmError.INVALID_STATE, barCode + " is not in a drive");
                }
                DriveInfo drive = s.info(cartridge.location(), DriveInfo.class);
                if (drive.state() != DriveState.DISMOUNTABLE) {
                    throw new RsmException(RsmError.INVALID_STATE, barCode + " is mounted by " + drive.session()
                            + " in " + drive.name() + "; that application dismounts it");
                }
                s.dismountDrive(drive.id());
                return null;
            });
        } catch (RsmException e) {
            throw refused(what, e);
        }
    }

    /** Ends the sessions of JMX mounts (the engine stops): their media stay DISMOUNTABLE in their drives. */
    void close() {
        mounts.values().forEach(JmxOperator::closeQuietly);
        mounts.clear();
    }

    private static void closeQuietly(MediaSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (RsmException e) {
                LOG.fine(() -> "closing a JMX session: " + e.getMessage());
            }
        }
    }

    // ---- lookups by the names an operator knows

    static LibraryInfo library(MediaSession s, String name) throws RsmException {
        for (LibraryInfo l : s.libraries()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new RsmException(RsmError.INVALID_LIBRARY, "library '" + name + "' is not known");
    }

    /** The cartridge by the catalog's bar-code index (one lookup, not a scan of every cartridge). */
    PhysicalMediaInfo cartridge(MediaSession s, String library, String barCode) throws RsmException {
        LibraryId id = library == null ? null : library(s, library).id();
        org.openrsm.engine.catalog.Model.Medium found = engine.lock.call(() -> engine.state.mediumByBarCode(barCode));
        if (found != null) {
            PhysicalMediaInfo m = s.info(found.id, PhysicalMediaInfo.class);
            if (id == null || id.equals(m.currentLibrary())) {
                return m;
            }
        }
        throw new RsmException(RsmError.INVALID_MEDIA, "no cartridge with bar code '" + barCode + "'"
                + (library == null ? "" : " in library " + library));
    }

    static PortId port(MediaSession s, String library, int number) throws RsmException {
        List<Integer> numbers = new ArrayList<>();
        for (ObjectInfo o : s.enumerate(library(s, library).id(), ObjectType.IEPORT)) {
            PortInfo p = (PortInfo) o;
            if (p.number() == number) {
                return p.id();
            }
            numbers.add(p.number());
        }
        throw new RsmException(RsmError.INVALID_PARAMETER, "library " + library + " has no IE port " + number
                + "; its ports are " + numbers);
    }

    static DriveId drive(MediaSession s, String library, String name) throws RsmException {
        for (ObjectInfo o : s.enumerate(library(s, library).id(), ObjectType.DRIVE)) {
            if (((DriveInfo) o).name().equals(name)) {
                return (DriveId) o.id();
            }
        }
        throw new RsmException(RsmError.INVALID_DRIVE, "library " + library + " has no drive '" + name + "'");
    }

    static MediaPoolId pool(MediaSession s, String path) throws RsmException {
        return s.mediaPool(path);   // OBJECT_NOT_FOUND naming the path if there is none
    }

    /** The outcome of a library request once it ended, or its state while it runs after {@code seconds}. */
    String await(String request, int seconds) {
        return call("await library request " + request, s -> {
            LibraryRequestInfo r = s.awaitLibraryRequest(parseRequest(request), Duration.ofSeconds(Math.max(0, seconds)));
            return r.state() + (r.error() == null ? "" : ": " + r.error() + (r.message() == null ? "" : ": " + r.message()));
        });
    }

    private static LibraryRequestId parseRequest(String id) throws RsmException {
        try {
            return LibraryRequestId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new RsmException(RsmError.INVALID_PARAMETER, e.getMessage());
        }
    }
}
