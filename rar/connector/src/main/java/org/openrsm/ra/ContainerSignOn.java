package org.openrsm.ra;

import jakarta.resource.spi.ConnectionRequestInfo;

/**
 * What {@code getSession()} asks for: a session signed on by the container (the Subject names the user). Always given,
 * so that a connection asked for with no request info at all is one the transaction manager makes for its recovery:
 * that one works even while this server stands by on a shared catalog.
 */
record ContainerSignOn() implements ConnectionRequestInfo {
    static final ContainerSignOn INSTANCE = new ContainerSignOn();
}
