package org.openrsm.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of a mount ({@code MountNtmsMedia}, RSM.md §3.2, §5). Build with {@link #builder()}; without
 * {@code read()} or {@code write()} a mount is for reading. The timeout is empty to wait forever.
 */
public final class MountOptions implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean write;
    private final boolean errorIfUnavailable;
    private final boolean errorIfOffline;
    private final List<DriveId> specificDrives;
    private final int priority;
    private final Duration timeout;

    private MountOptions(Builder b) {
        this.write = b.write;
        this.errorIfUnavailable = b.errorIfUnavailable;
        this.errorIfOffline = b.errorIfOffline;
        this.specificDrives = b.specificDrives;
        this.priority = b.priority;
        this.timeout = b.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mount for reading, priority NORMAL, waiting forever. */
    public static MountOptions read() {
        return builder().read().build();
    }

    /** Mount for writing, priority NORMAL, waiting forever. */
    public static MountOptions write() {
        return builder().write().build();
    }

    public boolean isWrite() {
        return write;
    }

    public boolean errorIfUnavailable() {
        return errorIfUnavailable;
    }

    public boolean errorIfOffline() {
        return errorIfOffline;
    }

    /** The drives for SPECIFIC_DRIVE, one per medium in order, or empty. */
    public List<DriveId> specificDrives() {
        return specificDrives;
    }

    public int priority() {
        return priority;
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return "MountOptions[" + (write ? "WRITE" : "READ") + (errorIfUnavailable ? ", ERROR_IF_UNAVAILABLE" : "")
                + (errorIfOffline ? ", ERROR_IF_OFFLINE" : "")
                + (specificDrives.isEmpty() ? "" : ", SPECIFIC_DRIVE " + specificDrives)
                + ", priority " + priority + (timeout == null ? "" : ", timeout " + timeout) + "]";
    }

    public static final class Builder {
        private boolean write;
        private boolean errorIfUnavailable;
        private boolean errorIfOffline;
        private List<DriveId> specificDrives = List.of();
        private int priority = Priority.NORMAL;
        private Duration timeout;

        private Builder() {
        }

        /** {@code NTMS_MOUNT_READ}. */
        public Builder read() {
            return this;
        }

        /** {@code NTMS_MOUNT_WRITE}: refused for COMPLETE sides (WRITE_PROTECT). */
        public Builder write() {
            this.write = true;
            return this;
        }

        /** {@code NTMS_MOUNT_ERROR_IF_UNAVAILABLE}: fail with BUSY instead of waiting for a drive or medium. */
        public Builder errorIfUnavailable() {
            this.errorIfUnavailable = true;
            return this;
        }

        /** {@code NTMS_MOUNT_ERROR_IF_OFFLINE}: fail with MEDIA_OFFLINE instead of an operator request. */
        public Builder errorIfOffline() {
            this.errorIfOffline = true;
            return this;
        }

        /** {@code NTMS_MOUNT_SPECIFIC_DRIVE}: the drive for each medium, in order. */
        public Builder specificDrives(List<DriveId> drives) {
            this.specificDrives = List.copyOf(drives);
            return this;
        }

        /** −15 … 15 ({@link Priority}); higher priorities are served first. */
        public Builder priority(int priority) {
            if (priority < Priority.LOWEST || priority > Priority.HIGHEST) {
                throw new IllegalArgumentException("mount priority " + priority + " is outside -15..15");
            }
            this.priority = priority;
            return this;
        }

        /** How long to wait for the mount; then the request is cancelled and TIMEOUT thrown. */
        public Builder timeout(Duration timeout) {
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("mount timeout " + timeout + " is negative");
            }
            this.timeout = timeout;
            return this;
        }

        public MountOptions build() {
            return new MountOptions(this);
        }
    }
}
