package org.openrsm.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.openrsm.api.NotificationOperation;
import org.openrsm.api.ObjectType;
import org.openrsm.api.RsmNotificationListener;

/**
 * What a message-driven bean of {@link RsmNotificationListener} receives: the library events of the engine (RSM
 * notifications), filtered by object type and operation, in order, at most {@code maxBacklog} behind; an endpoint that
 * falls further behind loses its backlog and gets one {@link NotificationOperation#RESYNCHRONIZE} event instead.
 */
@Activation(messageListeners = RsmNotificationListener.class)
public class RsmActivationSpec implements ActivationSpec, Serializable {
    private static final long serialVersionUID = 1L;

    @ConfigProperty(defaultValue = "", description = "object types to deliver, comma-separated (DRIVE, LIBREQUEST, "
            + "OPREQUEST, PHYSICAL_MEDIA, …); empty: all")
    private String objectTypes = "";

    @ConfigProperty(defaultValue = "", description = "operations to deliver, comma-separated (INSERT, UPDATE, DELETE, "
            + "SIGNAL, COMPLETE); empty: all")
    private String operations = "";

    @ConfigProperty(defaultValue = "10000", description = "events an endpoint may fall behind before it is told to "
            + "resynchronise instead")
    private Integer maxBacklog = 10_000;

    private transient ResourceAdapter adapter;

    public String getObjectTypes() {
        return objectTypes;
    }

    public void setObjectTypes(String objectTypes) {
        this.objectTypes = objectTypes;
    }

    public String getOperations() {
        return operations;
    }

    public void setOperations(String operations) {
        this.operations = operations;
    }

    public Integer getMaxBacklog() {
        return maxBacklog;
    }

    public void setMaxBacklog(Integer maxBacklog) {
        this.maxBacklog = maxBacklog;
    }

    @Override
    public void validate() throws InvalidPropertyException {
        types();
        operationSet();
        if (maxBacklog == null || maxBacklog < 1) {
            throw new InvalidPropertyException("maxBacklog must be 1 or more, not " + maxBacklog);
        }
    }

    Set<ObjectType> types() throws InvalidPropertyException {
        return parse(objectTypes, ObjectType.class, "objectTypes");
    }

    Set<NotificationOperation> operationSet() throws InvalidPropertyException {
        return parse(operations, NotificationOperation.class, "operations");
    }

    private static <E extends Enum<E>> Set<E> parse(String list, Class<E> type, String property) throws InvalidPropertyException {
        Set<E> values = EnumSet.noneOf(type);
        if (list == null || list.isBlank()) {
            return EnumSet.allOf(type);
        }
        for (String item : list.split(",")) {
            String name = item.strip().toUpperCase(Locale.ROOT);
            try {
                values.add(Enum.valueOf(type, name));
            } catch (IllegalArgumentException e) {
                throw new InvalidPropertyException(property + ": '" + item.strip() + "' is not one of "
                        + EnumSet.allOf(type));
            }
        }
        return values;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
        this.adapter = adapter;
    }
}
