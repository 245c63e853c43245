package org.openrsm.sample;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.openrsm.api.RsmNotification;
import org.openrsm.api.RsmNotificationListener;

/**
 * A message-driven bean on OpenRSM's inbound side: the library's drive changes, library requests and operator
 * requests, in order ({@code GET /api/events} shows them). Events of other object types are filtered out by the
 * resource adapter, before they reach the bean.
 */
@MessageDriven(messageListenerInterface = RsmNotificationListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "objectTypes", propertyValue = "DRIVE, LIBREQUEST, OPREQUEST"),
    @ActivationConfigProperty(propertyName = "maxBacklog", propertyValue = "10000")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LibraryEventRecorder implements RsmNotificationListener {
    @EJB
    private LibraryEvents events;

    @Override
    public void onNotification(RsmNotification notification) {
        events.record(notification);
    }
}
