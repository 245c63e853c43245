package org.openrsm.engine.requests;

import static org.openrsm.engine.catalog.Errors.error;
import static org.openrsm.engine.catalog.Errors.invalidParameter;
import static org.openrsm.engine.catalog.Errors.invalidState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.api.LibraryId;
import org.openrsm.api.LibraryRequestId;
import org.openrsm.api.LibraryRequestInfo;
import org.openrsm.api.LibraryRequestOperation;
import org.openrsm.api.LibraryRequestState;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.OperatorRequestId;
import org.openrsm.api.OperatorRequestState;
import org.openrsm.api.OperatorRequestType;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.RsmId;
import org.openrsm.engine.catalog.MemoryCatalog;
import org.openrsm.engine.core.Caller;
import org.openrsm.engine.core.EngineClock;
import org.openrsm.engine.core.EngineLock;

/**
 * The library requests (work items) and operator requests of the engine, with their waits and purging
 * (RSM.md §1.7, §2.5, §2.6, §3.6). All methods but the waits run under the engine lock.
 */
public final class Requests {
    /** What the engine does when an operator request is satisfied or refused (it may resume work waiting for it). */
    @FunctionalInterface
    public interface Listener {
        void operatorRequestClosed(OperatorRequest r);
    }

    /** RSM's {@code NTMS_MESSAGE_LENGTH}. */
    public static final int MESSAGE_LENGTH = 256;
    private static final Logger LOG = Logger.getLogger(Requests.class.getName());

    private final EngineLock lock;
    private final EngineClock clock;
    private final MemoryCatalog state;
    private final Notifier notifier;
    private final Listener listener;
    private final Map<LibraryRequestId, LibraryRequest> library = new LinkedHashMap<>();
    private final Map<OperatorRequestId, OperatorRequest> operator = new LinkedHashMap<>();
    private final Duration purgeTime;

    public Requests(EngineLock lock, EngineClock clock, MemoryCatalog state, Notifier notifier, Duration purgeTime,
                    Listener listener) {
        this.lock = lock;
        this.clock = clock;
        this.state = state;
        this.notifier = notifier;
        this.purgeTime = purgeTime;
        this.listener = listener;
    }

    // ---- library requests

    public LibraryRequest create(LibraryRequestOperation operation, LibraryId lib, Caller session, int priority) {
        return create(LibraryRequestId.random(), operation, lib, session, priority);
    }

    public LibraryRequest create(LibraryRequestId id, LibraryRequestOperation operation, LibraryId lib, Caller session,
                          int priority) {
        purge();
        LibraryRequest r = new LibraryRequest(id, operation, lib, session == null ? "OpenRSM" : session.application(),
                session == null ? null : session.user(), priority, clock.now());
        library.put(r.id, r);
        notifier.publish(NotificationOperation.INSERT, r.id);
        return r;
    }

    public void start(LibraryRequest r) {
        r.state = LibraryRequestState.INPROCESS;
        notifier.publish(NotificationOperation.SIGNAL, r.id);
    }

    public void waiting(LibraryRequest r) {
        if (r.state != LibraryRequestState.WAITING) {
            r.state = LibraryRequestState.WAITING;
            notifier.publish(NotificationOperation.SIGNAL, r.id);
        }
    }

    /** Ends the request: PASSED without an error, else FAILED (CANCELLED for {@link RsmError#CANCELLED}). */
    public void finish(LibraryRequest r, RsmException failure) {
        if (r.finished()) {
            return;
        }
        if (failure == null) {
            r.state = LibraryRequestState.PASSED;
        } else {
            r.state = failure.error() == RsmError.CANCELLED ? LibraryRequestState.CANCELLED : LibraryRequestState.FAILED;
            r.error = failure.error();
            r.message = failure.getMessage();
        }
        r.completed = clock.now();
        r.done.complete(r.info());
        notifier.publish(NotificationOperation.COMPLETE, r.id);
        lock.signalChange();
    }

    public LibraryRequest get(LibraryRequestId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("a library request id is null");
        }
        LibraryRequest r = library.get(id);
        if (r == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, "library request " + id + " is not known (or was purged)");
        }
        return r;
    }

    public LibraryRequest find(RsmId id) {
        return id instanceof LibraryRequestId l ? library.get(l) : null;
    }

    public List<LibraryRequestInfo> of(LibraryId lib) {
        purge();
        List<LibraryRequestInfo> out = new ArrayList<>();
        for (LibraryRequest r : library.values()) {
            if (lib == null || lib.equals(r.library)) {
                out.add(r.info());
            }
        }
        return out;
    }

    /** Waits outside the engine lock. */
    public LibraryRequestInfo await(LibraryRequestId id, Duration timeout) throws RsmException {
        LibraryRequest r;
        lock.lock();
        try {
            r = get(id);
        } finally {
            lock.unlock();
        }
        return wait(r.done, timeout, "library request " + id + " (" + r.operation + ")", "has not finished");
    }

    /**
     * Waits outside the engine lock for a request's outcome; TIMEOUT (a timer of the engine's clock) or CANCELLED
     * (interrupted) name the request.
     */
    private <T> T wait(CompletableFuture<T> outcome, Duration timeout, String what, String late)
            throws RsmException {
        CompletableFuture<T> waiting = outcome.copy();
        EngineClock.Timer timer = timeout == null ? null : clock.schedule(() -> waiting.completeExceptionally(
                error(RsmError.TIMEOUT, what + " " + late + " within " + timeout)), timeout);
        try {
            return waiting.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RsmException timedOut) {
                throw new RsmException(timedOut.error(), timedOut.detail(), timedOut);
            }
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw error(RsmError.CANCELLED, "waiting for " + what + " was interrupted");
        } finally {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    // ---- operator requests

    public OperatorRequest submit(OperatorRequestType type, String message, RsmId arg1, RsmId arg2, Caller session)
            throws RsmException {
        if (type == null || type == OperatorRequestType.UNKNOWN) {
            throw invalidParameter("operator request type " + type + " cannot be submitted; use NEWMEDIA, CLEANER, "
                    + "DEVICESERVICE, MOVEMEDIA or MESSAGE");
        }
        String text = message == null ? "" : message;
        if (text.length() > MESSAGE_LENGTH) {
            throw error(RsmError.MESSAGE_EXCEEDS_MAX_SIZE, "the operator request message has " + text.length()
                    + " characters; at most " + MESSAGE_LENGTH + " are allowed");
        }
        checkArgument(arg1, "first");
        checkArgument(arg2, "second");
        OperatorRequest r = new OperatorRequest(type, text, arg1, arg2, session == null ? "OpenRSM" : session.application(),
                session == null ? null : session.user(), clock.now());
        if (session != null) {
            // OpenRSM's own requests are logged by raise, at their level
            LOG.info(() -> "operator request " + r.id + " (" + type + ") from " + r.application + ": " + text);
        }
        operator.put(r.id, r);
        notifier.publish(NotificationOperation.INSERT, r.id);
        return r;
    }

    /**
     * OpenRSM itself asks the operator (engine lock): logged once at {@code level}, and not raised again while the
     * same request is still open. Returns the request, or null if it could not be raised.
     */
    public OperatorRequest raise(OperatorRequestType type, String message, RsmId arg1, Level level) {
        String text = message.length() > MESSAGE_LENGTH ? message.substring(0, MESSAGE_LENGTH) : message;
        for (OperatorRequest r : operator.values()) {
            if (r.open() && r.type == type && r.message.equals(text)) {
                return r;
            }
        }
        LOG.log(level, message);
        try {
            return submit(type, text, arg1, null, null);
        } catch (RsmException e) {
            LOG.log(Level.WARNING, "could not raise a " + type + " operator request", e);
            return null;
        }
    }

    private void checkArgument(RsmId arg, String which) throws RsmException {
        if (arg != null && state.get(arg) == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, "the " + which + " argument, " + arg.type().displayName() + " " + arg
                    + ", is not known");
        }
    }

    public OperatorRequest operator(OperatorRequestId id) throws RsmException {
        if (id == null) {
            throw invalidParameter("an operator request id is null");
        }
        purge();
        OperatorRequest r = operator.get(id);
        if (r == null) {
            throw error(RsmError.OBJECT_NOT_FOUND, "operator request " + id + " is not known (or was purged)");
        }
        return r;
    }

    public OperatorRequest findOperator(RsmId id) {
        return id instanceof OperatorRequestId o ? operator.get(o) : null;
    }

    public List<OperatorRequest> operatorRequests() {
        purge();
        return new ArrayList<>(operator.values());
    }

    /** Shown on an operator console: SUBMITTED → ACTIVE (RSM.md §2.6). */
    public void shown(OperatorRequest r) {
        if (r.state == OperatorRequestState.SUBMITTED) {
            r.state = OperatorRequestState.ACTIVE;
            notifier.publish(NotificationOperation.UPDATE, r.id);
        }
    }

    /** The operator acknowledged it: INPROGRESS. */
    public void acknowledge(OperatorRequest r) throws RsmException {
        if (!r.open()) {
            throw invalidState("operator request " + r.id + " is already " + r.state);
        }
        if (r.state != OperatorRequestState.INPROGRESS) {
            r.state = OperatorRequestState.INPROGRESS;
            notifier.publish(NotificationOperation.UPDATE, r.id);
        }
    }

    /** {@code SatisfyNtmsOperatorRequest}. */
    public void satisfy(OperatorRequest r) throws RsmException {
        if (!r.open()) {
            throw invalidState("operator request " + r.id + " is already " + r.state);
        }
        close(r, OperatorRequestState.COMPLETE);
    }

    /** What the request asked for has happened by itself (media came online, an inventory passed): COMPLETE if still open. */
    public void fulfilled(OperatorRequest r) {
        if (r != null && r.open()) {
            close(r, OperatorRequestState.COMPLETE);
        }
    }

    /** Every open request of {@code type} about {@code arg1} is fulfilled (media arrived in the pool it asked for). */
    public void fulfilledAll(OperatorRequestType type, RsmId arg1) {
        for (OperatorRequest r : new ArrayList<>(operator.values())) {
            if (r.open() && r.type == type && arg1.equals(r.arg1)) {
                fulfilled(r);
            }
        }
    }

    /** {@code CancelNtmsOperatorRequest}: REFUSED. */
    public void refuse(OperatorRequest r) throws RsmException {
        if (!r.open()) {
            throw invalidState("operator request " + r.id + " is already " + r.state);
        }
        close(r, OperatorRequestState.REFUSED);
    }

    private void close(OperatorRequest r, OperatorRequestState state) {
        r.state = state;
        r.completed = clock.now();
        r.outcome.complete(state);
        notifier.publish(NotificationOperation.UPDATE, r.id);
        lock.signalChange();
        listener.operatorRequestClosed(r);
    }

    /** A wait that gave up removes the request it raised (RSM deletes it on timeout). */
    public void withdraw(OperatorRequest r) {
        if (operator.remove(r.id) != null) {
            r.state = OperatorRequestState.REFUSED;
            r.completed = clock.now();
            r.outcome.complete(OperatorRequestState.REFUSED);
            notifier.publish(NotificationOperation.DELETE, r.id);
        }
    }

    /** Waits outside the engine lock: COMPLETE returns, REFUSED is CANCELLED. */
    public OperatorRequestState await(OperatorRequestId id, Duration timeout) throws RsmException {
        OperatorRequest r;
        lock.lock();
        try {
            r = operator(id);
        } finally {
            lock.unlock();
        }
        OperatorRequestState state = wait(r.outcome, timeout, "operator request " + id + " (" + r.type + ")",
                "was not answered");
        if (state == OperatorRequestState.REFUSED) {
            throw error(RsmError.CANCELLED, "operator request " + id + " (" + r.type + ") was refused");
        }
        return state;
    }

    public int openOperatorRequests(LibraryId lib) {
        int n = 0;
        for (OperatorRequest r : operator.values()) {
            if (r.open() && (lib == null || lib.equals(r.arg1) || lib.equals(r.arg2) || lib.equals(state.libraryOf(r.arg1)))) {
                n++;
            }
        }
        return n;
    }

    private Instant nextPurge = Instant.MIN;

    /** {@code DeleteNtmsRequests}: finished ones go, active and unknown ids are skipped. */
    public void delete(List<? extends RsmId> ids) {
        for (RsmId id : ids) {
            LibraryRequest r = find(id);
            if (r != null && r.finished()) {
                library.remove(r.id);
                notifier.publish(NotificationOperation.DELETE, r.id);
            }
            OperatorRequest o = findOperator(id);
            if (o != null && !o.open()) {
                operator.remove(o.id);
                notifier.publish(NotificationOperation.DELETE, o.id);
            }
        }
    }

    /** Drops finished requests older than the purge time (RSM's {@code dwLibRequestPurgeTime}), at most twice per purge time. */
    public void purge() {
        Instant now = clock.now();
        if (now.isBefore(nextPurge)) {
            return;
        }
        Duration pause = purgeTime.dividedBy(2);
        nextPurge = now.plus(pause.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : pause);
        Instant limit = now.minus(purgeTime);
        for (Iterator<LibraryRequest> it = library.values().iterator(); it.hasNext(); ) {
            LibraryRequest r = it.next();
            if (r.finished() && r.completed.isBefore(limit)) {
                it.remove();
                notifier.publish(NotificationOperation.DELETE, r.id);
            }
        }
        for (Iterator<OperatorRequest> it = operator.values().iterator(); it.hasNext(); ) {
            OperatorRequest r = it.next();
            if (!r.open() && r.completed.isBefore(limit)) {
                it.remove();
                notifier.publish(NotificationOperation.DELETE, r.id);
            }
        }
    }
}
