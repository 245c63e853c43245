package org.openrsm.changer.mtx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openrsm.changer.Backoff;
import org.openrsm.changer.ChangerException;
import org.openrsm.changer.ChangerFault;
import org.openrsm.changer.Element;

/**
 * Runs {@code mtx -f DEVICE …} for one changer: one command at a time, each with a timeout (killed when it runs
 * over), its output read from a file (no pipe to fill). A library that is NOT READY (initialising, busy) is asked
 * again with back-off, 1 s, 2 s, 4 s … within a bounded wait; a UNIT ATTENTION (the door was opened, a reset) is
 * answered with {@code mtx inventory} and the command is run once more, but a move, planned from what the library
 * held before, is not: it fails NEEDS_INVENTORY, so the engine takes stock and plans it again, and so does the first
 * move after a UNIT ATTENTION that said the medium may have changed (28/xx) to another command. Every other failure is a
 * {@link ChangerException} of the fault the sense (or mtx's own message) says.
 */
final class MtxRunner {
    private static final Logger LOG = Logger.getLogger(MtxRunner.class.getName());

    /**
     * A UNIT ATTENTION 28/xx (medium may have changed: the door or a magazine was opened) answered to a command that is
     * not a move: the next move is refused, so the engine takes stock before it plans moves again. Null: none.
     */
    private MtxFailure contentsChanged;

    private final String library;
    private final String command;
    private final String device;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final Duration inventoryTimeout;
    private final Duration notReadyWait;
    private final Duration firstRetry;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    MtxRunner(String library, String command, String device, Map<String, String> environment, Duration timeout,
              Duration inventoryTimeout, Duration notReadyWait, Duration firstRetry) {
        this.library = library;
        this.command = command;
        this.device = device;
        this.environment = environment;
        this.timeout = timeout;
        this.inventoryTimeout = inventoryTimeout;
        this.notReadyWait = notReadyWait;
        this.firstRetry = firstRetry;
    }

    String device() {
        return device;
    }

    /** {@code mtx inquiry}, parsed. */
    MtxInquiry inquiry() throws ChangerException {
        String out = run(null, "inquiry");
        try {
            return MtxInquiry.parse(out);
        } catch (IllegalArgumentException e) {
            throw new ChangerException(ChangerFault.FAILED, "library " + library + ": the inquiry mtx printed for "
                    + device + " is not understood: " + e.getMessage(), e);
        }
    }

    /** {@code mtx status}, parsed. */
    MtxStatus status() throws ChangerException {
        String out = run(null, "status");
        try {
            return MtxStatus.parse(out);
        } catch (IllegalArgumentException e) {
            throw new ChangerException(ChangerFault.FAILED, "library " + library + ": the status mtx printed for " + device
                    + " is not understood: " + e.getMessage(), e);
        }
    }

    /**
     * Runs an mtx command to success, with the retries above; {@code element} is the element a failure is
     * blamed on (null: the robot). Returns the output.
     */
    String run(Element element, String... arguments) throws ChangerException {
        oneAtATime.lock();
        try {
            if (contentsChanged != null && isMove(arguments)) {
                MtxFailure seen = contentsChanged;
                contentsChanged = null;
                throw notRun(seen + " to an earlier command", element, arguments);
            }
            Backoff notReady = new Backoff(notReadyWait, firstRetry);
            boolean inventoried = false;
            while (true) {
                Result r = once(timeout, arguments);
                MtxFailure failure = r.failure();
                if (failure == null) {
                    return r.output;
                }
                ChangerFault fault = failure.fault();
                if (fault == ChangerFault.TRANSIENT && failure.sense() != null && notReady.pause()) {
                    LOG.fine(() -> "library " + library + ": " + failure + "; mtx " + String.join(" ", arguments)
                            + " again");
                    continue;
                }
                if (fault == ChangerFault.NEEDS_INVENTORY && !inventoried) {
                    LOG.info(() -> "library " + library + " reports " + failure + ": inventory, then mtx "
                            + String.join(" ", arguments) + " again");
                    inventoried = true;
                    Result inventory = once(inventoryTimeout, "inventory");
                    MtxFailure inventoryFailure = inventory.failure();
                    if (inventoryFailure != null && inventoryFailure.fault() != ChangerFault.NEEDS_INVENTORY) {
                        throw failed(inventoryFailure, element, "inventory");
                    }
                    if (isMove(arguments)) {
                        // a move planned from what the library held before is not made: the engine takes stock first
                        throw notRun(failure.toString(), element, arguments);
                    }
                    if (failure.sense() != null && failure.sense().asc() == 0x28) {
                        contentsChanged = failure;
                    }
                    continue;
                }
                throw failed(failure, element, arguments);
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    /** A move not run because the library's contents may have changed ({@code why}): the engine takes stock. */
    private ChangerException notRun(String why, Element element, String... arguments) {
        return new ChangerException(ChangerFault.NEEDS_INVENTORY, "library " + library + ": its contents may have changed ("
                + why + "); mtx " + String.join(" ", arguments) + " was not run", element);
    }

    /** mtx load, unload, transfer or exchange: a command that carries a cartridge. */
    private static boolean isMove(String... arguments) {
        return java.util.Arrays.stream(arguments).anyMatch(a -> a.equals("load") || a.equals("unload")
                || a.equals("transfer") || a.equals("exchange"));
    }

    private ChangerException failed(MtxFailure failure, Element element, String... arguments) {
        String message = "library " + library + ": mtx " + String.join(" ", arguments) + " failed: " + failure;
        return new ChangerException(failure.fault(), message, element);
    }

    private record Result(int exit, String output) {
        /** A failure: a non-zero exit, or a sense report even with exit 0 (mtx's eject does that). */
        MtxFailure failure() {
            MtxFailure f = MtxFailure.in(output);
            if (exit != 0) {
                return f != null ? f : new MtxFailure(null, "exit status " + exit + " without a message");
            }
            return f != null && f.sense() != null ? f : null;
        }
    }

    private Result once(Duration limit, String... arguments) throws ChangerException {
        List<String> line = new ArrayList<>(List.of(command, "-f", device));
        line.addAll(List.of(arguments));
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("openrsm-mtx-", ".out");
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(environment);
            process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ChangerException(ChangerFault.TRANSIENT, "library " + library + ": " + String.join(" ", line)
                        + " did not finish within " + limit + " and was killed", (Element) null);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new ChangerException(ChangerFault.NOT_PRESENT, "library " + library + ": cannot run " + String.join(" ", line)
                    + " (" + e.getMessage() + "); is the Debian package mtx installed?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            throw new ChangerException(ChangerFault.TRANSIENT, "library " + library + ": interrupted while mtx ran", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "deleting " + output, e);
                }
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

}
