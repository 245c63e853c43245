package org.openrsm.api;

/** What mount and dismount accept: a side or a logical medium, as RSM accepts a partition or an LMID. */
public sealed interface MediaId extends RsmId permits SideId, LogicalMediaId {
}
