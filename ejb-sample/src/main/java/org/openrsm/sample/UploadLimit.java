package org.openrsm.sample;

import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;

/** The upload limit of server.xml: {@code <jndiEntry jndiName="sample/maxUploadBytes" value="67108864"/>}. */
public final class UploadLimit {
    static final String JNDI_NAME = "sample/maxUploadBytes";

    private UploadLimit() {
    }

    static long configured(long byDefault) {
        Object value;
        try {
            value = new InitialContext().lookup(JNDI_NAME);
        } catch (NameNotFoundException e) {
            return byDefault;
        } catch (NamingException e) {
            throw new IllegalStateException("cannot look up " + JNDI_NAME + ": " + e.getMessage(), e);
        }
        long limit;
        try {
            limit = value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(JNDI_NAME + " in server.xml must be a number of bytes, not '" + value + "'");
        }
        if (limit <= 0) {
            throw new IllegalStateException(JNDI_NAME + " in server.xml must be a positive number of bytes, not " + limit);
        }
        return limit;
    }
}
