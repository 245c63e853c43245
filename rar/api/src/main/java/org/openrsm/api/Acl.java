package org.openrsm.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The access control list of a library or media pool (RSM.md §4). */
public record Acl(List<AccessEntry> entries) implements java.io.Serializable {
    public Acl {
        entries = List.copyOf(entries);
    }

    public static Acl of(AccessEntry... entries) {
        return new Acl(List.of(entries));
    }

    /** The rights this ACL gives a principal that is {@code user} or a member of one of {@code groups}. */
    public Set<AccessRight> rightsOf(String user, Set<String> groups) {
        Set<AccessRight> rights = EnumSet.noneOf(AccessRight.class);
        for (AccessEntry e : entries) {
            if (e.principal().equals(AccessEntry.EVERYONE) || e.principal().equals(user) || groups.contains(e.principal())) {
                rights.addAll(e.rights());
            }
        }
        return rights;
    }
}
