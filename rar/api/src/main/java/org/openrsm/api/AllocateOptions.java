package org.openrsm.api;

import java.time.Duration;
import java.util.Optional;

/** Options of an allocation ({@code AllocateNtmsMedia}, RSM.md §3.3). */
public final class AllocateOptions implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean newSide;
    private final LogicalMediaId nextSide;
    private final boolean errorIfUnavailable;
    private final SideId side;
    private final Duration timeout;

    private AllocateOptions(Builder b) {
        this.newSide = b.newSide;
        this.nextSide = b.nextSide;
        this.errorIfUnavailable = b.errorIfUnavailable;
        this.side = b.side;
        this.timeout = b.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Any available side, failing at once (MEDIA_UNAVAILABLE) when there is none. */
    public static AllocateOptions errorIfNoneAvailable() {
        return builder().errorIfUnavailable().build();
    }

    public boolean newSide() {
        return newSide;
    }

    public Optional<LogicalMediaId> nextSide() {
        return Optional.ofNullable(nextSide);
    }

    public boolean errorIfUnavailable() {
        return errorIfUnavailable;
    }

    public Optional<SideId> side() {
        return Optional.ofNullable(side);
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public static final class Builder {
        private boolean newSide;
        private LogicalMediaId nextSide;
        private boolean errorIfUnavailable;
        private SideId side;
        private Duration timeout;

        private Builder() {
        }

        /** {@code NTMS_ALLOCATE_NEW}: the other sides of the cartridge are reserved for this application. */
        public Builder newSide() {
            this.newSide = true;
            return this;
        }

        /** {@code NTMS_ALLOCATE_NEXT}: the next side of the cartridge allocated earlier with NEW. */
        public Builder nextSide(LogicalMediaId previous) {
            this.nextSide = previous;
            return this;
        }

        /** {@code NTMS_ALLOCATE_ERROR_IF_UNAVAILABLE}: MEDIA_UNAVAILABLE instead of a NEWMEDIA operator request. */
        public Builder errorIfUnavailable() {
            this.errorIfUnavailable = true;
            return this;
        }

        /** Allocate exactly this side (AVAILABLE or IMPORT). */
        public Builder side(SideId side) {
            this.side = side;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public AllocateOptions build() {
            if (newSide && nextSide != null) {
                throw new IllegalArgumentException("allocate options NEW and NEXT exclude each other");
            }
            return new AllocateOptions(this);
        }
    }
}
