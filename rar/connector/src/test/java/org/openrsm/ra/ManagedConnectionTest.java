package org.openrsm.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.security.PasswordCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.CreateDisposition;
import org.openrsm.api.DismountMode;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.DriveState;
import org.openrsm.api.LibraryType;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaPoolId;
import org.openrsm.api.MediaPoolPolicy;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MountOptions;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SessionSpec;

/** The connector's SPI contract with a real engine and store, driven as an application server would. */
class ManagedConnectionTest {
    @TempDir
    Path dir;

    private RsmResourceAdapter adapter;
    private RsmManagedConnectionFactory factory;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<ManagedConnection> connections = new ArrayList<>();

    /** What a pool does with connection events: here, write them down. */
    private final ConnectionEventListener recorder = new ConnectionEventListener() {
        private void record(String what, ConnectionEvent e) {
            events.add(what + (e.getException() == null ? "" : " " + ((RsmException) e.getException()).error()));
        }

        @Override
        public void connectionClosed(ConnectionEvent e) {
            record("CLOSED", e);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent e) {
            record("LOCAL_TRANSACTION_STARTED", e);
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent e) {
            record("LOCAL_TRANSACTION_COMMITTED", e);
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent e) {
            record("LOCAL_TRANSACTION_ROLLEDBACK", e);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent e) {
            record("CONNECTION_ERROR_OCCURRED", e);
        }
    };

    @BeforeEach
    void start() throws Exception {
        adapter = new RsmResourceAdapter();
        adapter.setDrives(2);
        adapter.setSlots(6);
        adapter.setDataFolder(dir.resolve("tapes").toString());
        adapter.setStoreFolder(dir.resolve("db").toString());
        adapter.start(null);
        factory = new RsmManagedConnectionFactory();
        factory.setResourceAdapter(adapter);
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedConnection mc : connections) {
            mc.destroy();
        }
        adapter.stop();
    }

    private ManagedConnection connection(Subject subject) throws Exception {
        ManagedConnection mc = factory.createManagedConnection(subject, null);
        mc.addConnectionEventListener(recorder);
        connections.add(mc);
        return mc;
    }

    private static MediaPoolId pool(MediaSession s) throws RsmException {
        MediaPoolId pool = s.createMediaPool("\\Connector", s.mediaType("LTO_Ultrium"), CreateDisposition.OPEN_ALWAYS);
        s.setMediaPoolPolicy(pool, new MediaPoolPolicy(true, true, 0));
        return pool;
    }

    private MediaSession outside() throws Exception {
        return adapter.server().openSession("outside");
    }

    private static boolean visible(MediaSession s, LogicalMediaId id) {
        try {
            s.info(id, LogicalMediaInfo.class);
            return true;
        } catch (RsmException e) {
            return false;
        }
    }

    private static DriveInfo drive(MediaSession s, int i) throws RsmException {
        var library = s.libraries().stream().filter(l -> l.libraryType() == LibraryType.ONLINE).findFirst().orElseThrow();
        return (DriveInfo) s.enumerate(library.id(), ObjectType.DRIVE).get(i);
    }

    private static Xid xid(int n) {
        return RsmXAResource.xid("4660." + "0a0b0c0d0" + n + ".01");
    }

    @Test
    void destroyIsIdempotentReleasesWhatTheSessionsHeldAndHandlesFailClearlyAfterward() throws Exception {
        ManagedConnection mc = connection(null);
        MediaSession h = (MediaSession) mc.getConnection(null, null);
        LogicalMediaId m = h.allocate(pool(h), AllocateOptions.errorIfNoneAvailable());
        h.mount(m, MountOptions.read());
        mc.destroy();
        mc.destroy();
        assertThatThrownBy(h::libraries).satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.INVALID_HANDLE))
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> mc.getConnection(null, null)).isInstanceOf(jakarta.resource.spi.IllegalStateException.class)
                .hasMessageContaining("destroyed");
        try (MediaSession s = outside()) {
            DriveInfo d = drive(s, 0);
            assertThat(d.state()).isEqualTo(DriveState.DISMOUNTABLE);
            assertThat(d.session()).isNull();
        }
    }

    @Test
    void cleanupDissociatesHandlesAndResetsTheTransactionAndTheXaResourceIsCached() throws Exception {
        ManagedConnection mc = connection(null);
        XAResource xa = mc.getXAResource();
        assertThat(mc.getXAResource()).isSameAs(xa);
        MediaSession h = (MediaSession) mc.getConnection(null, null);
        xa.start(xid(1), XAResource.TMNOFLAGS);
        h.allocate(pool(h), AllocateOptions.errorIfNoneAvailable());
        mc.cleanup();
        assertThatThrownBy(h::libraries).satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.INVALID_HANDLE));
        xa.rollback(xid(1));
        // reusable from the pool: a new handle in a new transaction
        MediaSession again = (MediaSession) mc.getConnection(null, null);
        xa.start(xid(2), XAResource.TMNOFLAGS);
        LogicalMediaId m = again.allocate(pool(again), AllocateOptions.errorIfNoneAvailable());
        xa.end(xid(2), XAResource.TMSUCCESS);
        assertThat(xa.prepare(xid(2))).isEqualTo(XAResource.XA_OK);
        xa.commit(xid(2), false);
        try (MediaSession s = outside()) {
            assertThat(visible(s, m)).isTrue();
        }
    }

    @Test
    void theXaProtocolPreparesRecoversAndCommitsOrRollsBack() throws Exception {
        ManagedConnection mc = connection(null);
        XAResource xa = mc.getXAResource();
        MediaSession h = (MediaSession) mc.getConnection(null, null);
        xa.start(xid(3), XAResource.TMNOFLAGS);
        LogicalMediaId m = h.allocate(pool(h), AllocateOptions.errorIfNoneAvailable());
        xa.end(xid(3), XAResource.TMSUCCESS);
        assertThat(xa.prepare(xid(3))).isEqualTo(XAResource.XA_OK);

        // another connection of the same adapter is the same resource manager and recovers the branch
        XAResource other = connection(null).getXAResource();
        assertThat(other.isSameRM(xa)).isTrue();
        Xid[] inDoubt = other.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertThat(inDoubt).hasSize(1);
        assertThat(inDoubt[0].getFormatId()).isEqualTo(4660);
        assertThat(inDoubt[0].getGlobalTransactionId()).isEqualTo(xid(3).getGlobalTransactionId());
        assertThat(other.recover(XAResource.TMNOFLAGS)).isEmpty();
        other.commit(inDoubt[0], false);
        try (MediaSession s = outside()) {
            assertThat(visible(s, m)).isTrue();
        }

        assertThatThrownBy(() -> xa.commit(xid(9), false)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_NOTA));
        // start: a new branch must be new, a joined one must exist; two phases need a prepare
        assertThatThrownBy(() -> xa.start(xid(8), XAResource.TMJOIN)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_NOTA));
        xa.start(xid(7), XAResource.TMNOFLAGS);
        h.allocate(pool(h), AllocateOptions.errorIfNoneAvailable());
        xa.end(xid(7), XAResource.TMSUCCESS);
        XAResource second = connection(null).getXAResource();
        assertThatThrownBy(() -> second.start(xid(7), XAResource.TMNOFLAGS)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_DUPID));
        assertThatThrownBy(() -> xa.commit(xid(7), false)).isInstanceOf(XAException.class)
                .satisfies(e -> assertThat(((XAException) e).errorCode).isEqualTo(XAException.XAER_PROTO));
        xa.rollback(xid(7));
        // a branch that did nothing is read-only
        xa.start(xid(4), XAResource.TMNOFLAGS);
        h.libraries();
        xa.end(xid(4), XAResource.TMSUCCESS);
        assertThat(xa.prepare(xid(4))).isEqualTo(XAResource.XA_RDONLY);
    }

    @Test
    void aHandleClosedInTheTransactionKeepsItsSessionUntilTheRollbackReleasesTheMount() throws Exception {
        ManagedConnection mc = connection(null);
        XAResource xa = mc.getXAResource();
        MediaSession h = (MediaSession) mc.getConnection(null, null);
        LogicalMediaId m = h.allocate(pool(h), AllocateOptions.errorIfNoneAvailable());
        xa.start(xid(5), XAResource.TMNOFLAGS);
        h.mount(m, MountOptions.read());
        h.dismount(m, DismountMode.IMMEDIATE);
        h.close();
        assertThat(events).containsExactly("CLOSED");
        xa.end(xid(5), XAResource.TMSUCCESS);
        try (MediaSession s = outside()) {
            assertThat(drive(s, 0).state()).as("the dismount waits for the commit").isEqualTo(DriveState.LOADED);
        }
        xa.rollback(xid(5));
        try (MediaSession s = outside()) {
            assertThat(drive(s, 0).state()).isEqualTo(DriveState.DISMOUNTABLE);
            assertThat(drive(s, 0).session()).isNull();
        }
        assertThat(adapter.server().transactionHistory()).last().asString().endsWith("rollback, deferred-dismount A00001L8");
    }

    @Test
    void applicationLocalTransactionsAreAnnouncedToThePool() throws Exception {
        ManagedConnection mc = connection(null);
        MediaSession h = (MediaSession) mc.getConnection(null, null);
        MediaPoolId pool = pool(h);
        var tx = h.localTransaction();
        tx.begin();
        LogicalMediaId kept = h.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        tx.commit();
        tx.begin();
        LogicalMediaId dropped = h.allocate(pool, AllocateOptions.errorIfNoneAvailable());
        tx.rollback();
        assertThat(events).containsExactly("LOCAL_TRANSACTION_STARTED", "LOCAL_TRANSACTION_COMMITTED",
                "LOCAL_TRANSACTION_STARTED", "LOCAL_TRANSACTION_ROLLEDBACK");
        try (MediaSession s = outside()) {
            assertThat(visible(s, kept)).isTrue();
            assertThat(visible(s, dropped)).isFalse();
        }
        // not inside a JTA transaction
        mc.getXAResource().start(xid(6), XAResource.TMNOFLAGS);
        assertThatThrownBy(tx::begin).satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.INVALID_STATE));
        mc.getXAResource().end(xid(6), XAResource.TMSUCCESS);
        mc.getXAResource().rollback(xid(6));
    }

    @Test
    void aFailedEngineTellsThePoolToDropTheConnection() throws Exception {
        ManagedConnection mc = connection(null);
        MediaSession h = (MediaSession) mc.getConnection(null, null);
        h.libraries();
        assertThat(events).isEmpty();
        adapter.stop();
        assertThatThrownBy(h::libraries).satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.NOT_CONNECTED));
        assertThat(events).containsExactly("CONNECTION_ERROR_OCCURRED NOT_CONNECTED");
        adapter.start(null);
    }

    @Test
    void aStoreThatCannotBeWrittenTellsThePoolToDropTheConnection() throws Exception {
        ManagedConnection mc = connection(null);
        MediaSession h = (MediaSession) mc.getConnection(null, null);
        MediaPoolId pool = pool(h);
        var xaConnection = adapter.server().storeXaDataSource().getXAConnection();
        try (java.sql.Connection other = xaConnection.getConnection()) {
            try (var st = other.createStatement()) {
                st.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '1')");
            }
            other.setAutoCommit(false);
            try (var st = other.createStatement()) {
                st.execute("LOCK TABLE LOGICAL_MEDIA IN EXCLUSIVE MODE");
            }
            assertThatThrownBy(() -> h.allocate(pool, AllocateOptions.errorIfNoneAvailable()))
                    .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.DATABASE_FAILURE));
            other.rollback();
        } finally {
            xaConnection.close();
        }
        assertThat(events).containsExactly("CONNECTION_ERROR_OCCURRED DATABASE_FAILURE");
    }

    @Test
    void anOrdinaryErrorIsTheCallersAndKeepsTheConnection() throws Exception {
        ManagedConnection mc = connection(null);
        MediaSession h = (MediaSession) mc.getConnection(null, null);
        assertThatThrownBy(() -> h.deallocate(LogicalMediaId.random()))
                .satisfies(e -> assertThat(((RsmException) e).error()).isEqualTo(RsmError.INVALID_MEDIA));
        assertThat(events).isEmpty();
    }

    @Test
    void pooledConnectionsAreMatchedByPrincipalOnly() throws Exception {
        Subject alice = new Subject();
        alice.getPrivateCredentials().add(new PasswordCredential("alice", "secret".toCharArray()));
        Subject bob = new Subject();
        bob.getPrivateCredentials().add(new PasswordCredential("bob", "secret".toCharArray()));
        ManagedConnection forAlice = connection(alice);
        assertThat(factory.matchManagedConnections(Set.of(forAlice), alice, null)).isSameAs(forAlice);
        assertThat(factory.matchManagedConnections(Set.of(forAlice), bob, null)).isNull();
        assertThat(factory.matchManagedConnections(Set.of(forAlice), null,
                new RsmRequestInfo(new SessionSpec("OpenRSM", "bob", null)))).isNull();
        assertThat(forAlice.getMetaData().getUserName()).isEqualTo("alice");
    }
}
