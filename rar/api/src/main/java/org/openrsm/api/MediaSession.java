package org.openrsm.api;

import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.List;

/**
 * A session with the removable storage manager ({@code OpenNtmsSession}); in Jakarta EE the connection
 * handle of the OpenRSM resource adapter. Media it mounts belong to it until it dismounts them or closes.
 * Each method names the RSM function it re-creates; RSM.md §3 and §5 give the semantics.
 */
public interface MediaSession extends AutoCloseable {

    // ---- mount and dismount (RSM.md §3.2, §5) ----

    /**
     * {@code MountNtmsMedia}: loads every medium (all or none) and returns the drive of each, in order.
     * Blocks until loaded, an error, or the timeout (then the request is cancelled: TIMEOUT).
     */
    List<DriveId> mount(List<? extends MediaId> media, MountOptions options) throws RsmException;

    /** Mounts one medium; see {@link #mount(List, MountOptions)}. */
    default DriveId mount(MediaId medium, MountOptions options) throws RsmException {
        return mount(java.util.Collections.singletonList(medium), options).get(0);
    }

    /** {@code MountNtmsMedia} with {@code NTMS_MOUNT_NOWAIT}: queues the mount and returns at once. */
    PendingMount mountNoWait(List<? extends MediaId> media, MountOptions options) throws RsmException;

    /**
     * {@code DismountNtmsMedia}: queues the dismount of media this session mounted and returns at once.
     * DEFERRED leaves the medium in a DISMOUNTABLE drive, so the next mount of it needs no robot move.
     */
    void dismount(List<? extends MediaId> media, DismountMode mode) throws RsmException;

    /** Dismounts one medium; see {@link #dismount(List, DismountMode)}. */
    default void dismount(MediaId medium, DismountMode mode) throws RsmException {
        dismount(java.util.Collections.singletonList(medium), mode);
    }

    /** {@code DismountNtmsDrive}: queues moving whatever is in the drive back to its home slot. */
    void dismountDrive(DriveId drive) throws RsmException;

    /** Waits until no session holds the side and no robot work for its cartridge is pending. */
    void awaitIdle(MediaId medium, Duration timeout) throws RsmException;

    /** The data of the side mounted in {@code drive} for this session; closed when it is dismounted. */
    SeekableByteChannel open(DriveId drive, AccessMode mode) throws RsmException;

    // ---- allocation and media life cycle (RSM.md §3.3) ----

    /** {@code AllocateNtmsMedia}: a side of the application pool for this application, as a new logical medium. */
    LogicalMediaId allocate(MediaPoolId pool, AllocateOptions options) throws RsmException;

    /** {@code DeallocateNtmsMedia}: the side becomes AVAILABLE (or DECOMMISSIONED), the logical medium is gone. */
    void deallocate(LogicalMediaId medium) throws RsmException;

    /** {@code SetNtmsMediaComplete}: ALLOCATED → COMPLETE; write mounts are refused from then on. */
    void setComplete(LogicalMediaId medium) throws RsmException;

    /** {@code DecommissionNtmsMedia}: AVAILABLE → DECOMMISSIONED. */
    void decommission(SideId side) throws RsmException;

    /** {@code SwapNtmsMedia}: exchanges the sides behind two logical media (both ALLOCATED, neither mounted). */
    void swap(LogicalMediaId a, LogicalMediaId b) throws RsmException;

    /**
     * {@code CreateNtmsMedia}: registers a cartridge that is not in any library yet (it is on the shelf, in the
     * offline library) in an Import or application pool, with one side per side of the pool's media type, so that
     * an inject later recognises it by its bar code. A bar code already known is refused with INVALID_MEDIA when
     * {@code errorOnDuplicate} ({@code NTMS_ERROR_ON_DUPLICATE}); otherwise the existing cartridge is returned if it
     * is of the same media type and in the same pool.
     */
    PhysicalMediaId createMedia(String barCode, MediaPoolId pool, boolean errorOnDuplicate) throws RsmException;

    /**
     * {@code UpdateNtmsOmidInfo}: records the label the application wrote on the allocated side behind
     * {@code medium} (up to {@link #MAX_OMID_LABEL} bytes); shown in {@link SideInfo#omidLabel()}.
     */
    void updateOmidInfo(LogicalMediaId medium, OmidLabelType type, byte[] label) throws RsmException;

    /** The largest label {@link #updateOmidInfo} takes, in bytes. */
    int MAX_OMID_LABEL = 4096;

    // ---- media pools and types (RSM.md §3.4) ----

    /** {@code CreateNtmsMediaPool}: {@code path} is the full {@code \}-separated path, e.g. {@code \Archive}. */
    MediaPoolId createMediaPool(String path, MediaTypeId type, CreateDisposition disposition) throws RsmException;

    /** The pool with this full path (OBJECT_NOT_FOUND if none). */
    MediaPoolId mediaPool(String path) throws RsmException;

    /** {@code MoveToNtmsMediaPool}: moves a cartridge (all its sides) to another pool, by RSM's rules (RSM.md §2.4). */
    void moveToMediaPool(PhysicalMediaId medium, MediaPoolId pool) throws RsmException;

    /** {@code DeleteNtmsMediaPool}: only empty application pools. */
    void deleteMediaPool(MediaPoolId pool) throws RsmException;

    /** Sets a pool's allocation and deallocation policy. */
    void setMediaPoolPolicy(MediaPoolId pool, MediaPoolPolicy policy) throws RsmException;

    /** The media type with RSM's name, e.g. {@code LTO_Ultrium}. */
    MediaTypeId mediaType(String name) throws RsmException;

    /** {@code AddNtmsMediaType}: the library takes media of this type; creates the type's system pools if needed. */
    void addMediaType(MediaTypeId type, LibraryId library) throws RsmException;

    /** {@code DeleteNtmsMediaType}: the library no longer takes the type (NOT_EMPTY while it holds such media). */
    void deleteMediaType(MediaTypeId type, LibraryId library) throws RsmException;

    /** {@code ChangeNtmsMediaType}: moves the cartridge to {@code pool} and gives it the pool's media type. */
    void changeMediaType(PhysicalMediaId medium, MediaPoolId pool) throws RsmException;

    /** The drive's defer-dismount delay ({@code dwDeferDismountDelay}). */
    void setDeferDismountDelay(DriveId drive, Duration delay) throws RsmException;

    // ---- library control (RSM.md §3.5): each returns the id of the queued library request ----

    /** {@code InjectNtmsMedia}: the robot takes the cartridge in the IE port into a free slot. */
    LibraryRequestId inject(LibraryId library, PortId port) throws RsmException;

    /** {@code EjectNtmsMedia}: the robot puts the cartridge into the IE port; it then belongs to the offline library. */
    LibraryRequestId eject(PhysicalMediaId medium, PortId port) throws RsmException;

    /**
     * {@code InjectNtmsMedia} with {@code NTMS_INJECT_STARTMANY}: one request that takes the cartridges of every
     * full IE port of the library into free slots (the ports are scanned when the request runs).
     */
    LibraryRequestId injectAll(LibraryId library) throws RsmException;

    /**
     * {@code EjectNtmsMedia} with {@code NTMS_EJECT_QUEUE} for each medium and then {@code NTMS_EJECT_START}:
     * one request that puts every medium into an empty IE port of its library (BUSY when there are more media than
     * empty ports).
     */
    LibraryRequestId ejectAll(List<PhysicalMediaId> media) throws RsmException;

    /**
     * {@code IdentifyNtmsSlot}: mounts the cartridge in the slot in a free drive, reads its label, and puts it back
     * ({@link DismountMode#IMMEDIATE}) or leaves it DISMOUNTABLE in the drive ({@link DismountMode#DEFERRED}).
     * Returns the cartridge, now in the catalog; null for an empty slot.
     */
    PhysicalMediaId identifySlot(SlotId slot, DismountMode mode) throws RsmException;

    /** {@code DeleteNtmsLibrary}: forgets a library that is no longer attached; its media go to the offline library. */
    void deleteLibrary(LibraryId library) throws RsmException;

    /** {@code DeleteNtmsDrive}: forgets a drive whose operational state is NOT_PRESENT. */
    void deleteDrive(DriveId drive) throws RsmException;

    /** {@code InventoryNtmsLibrary}: reconciles the catalog with the changer's element status. */
    LibraryRequestId inventory(LibraryId library, InventoryMethod method) throws RsmException;

    /** {@code AccessNtmsLibraryDoor}: unlocks the door; slots need an inventory until one runs. */
    LibraryRequestId accessDoor(LibraryId library) throws RsmException;

    /** {@code CleanNtmsDrive}: cleans the drive with the library's cleaner (or raises a CLEANER operator request). */
    LibraryRequestId cleanDrive(DriveId drive) throws RsmException;

    /** {@code ReserveNtmsCleanerSlot}: dedicates an empty slot to the cleaner cartridge. */
    void reserveCleanerSlot(LibraryId library, SlotId slot) throws RsmException;

    /** {@code ReleaseNtmsCleanerSlot}. */
    void releaseCleanerSlot(LibraryId library) throws RsmException;

    /** {@code InjectNtmsCleaner}: takes a cleaner from the IE port into the reserved cleaner slot. */
    LibraryRequestId injectCleaner(LibraryId library, PortId port, int usesRemaining) throws RsmException;

    /** {@code EjectNtmsCleaner}: the robot puts the cleaner from its slot into the IE port. */
    LibraryRequestId ejectCleaner(LibraryId library, PortId port) throws RsmException;

    /** {@code DeleteNtmsMedia}: forgets a cartridge on the shelf that holds no allocated, complete or reserved side. */
    void deleteMedia(PhysicalMediaId medium) throws RsmException;

    /** {@code GetNtmsRequestOrder}: the request's place in its library's queue (1 = next), 0 if it is not queued. */
    int requestOrder(LibraryRequestId request) throws RsmException;

    /**
     * {@code SetNtmsRequestOrder}: moves a queued mount to place {@code order} among its library's queued mounts
     * (1 = next; an order past the end puts it last). INVALID_STATE when the request is no longer queued.
     */
    void setRequestOrder(LibraryRequestId request, int order) throws RsmException;

    /** {@code DeleteNtmsRequests}: purges finished library and operator requests; others and unknown ids are skipped. */
    void deleteRequests(List<? extends RsmId> requests) throws RsmException;

    /** {@code EnableNtmsObject} for a library, drive or physical medium. */
    void enable(RsmId object) throws RsmException;

    /** {@code DisableNtmsObject} for a library, drive or physical medium. */
    void disable(RsmId object) throws RsmException;

    /** The library's requests, queued, running and finished (until purged). */
    List<LibraryRequestInfo> libraryRequests(LibraryId library) throws RsmException;

    /** {@code CancelNtmsLibraryRequest}: cancels a queued request (OBJECT_NOT_FOUND if it is no longer outstanding). */
    void cancelLibraryRequest(LibraryRequestId request) throws RsmException;

    /** Waits until the request has finished and returns its final state (TIMEOUT if it has not). */
    LibraryRequestInfo awaitLibraryRequest(LibraryRequestId request, Duration timeout) throws RsmException;

    // ---- operator requests (RSM.md §3.6) ----

    /** {@code SubmitNtmsOperatorRequest}: returns at once with the request's id. */
    OperatorRequestId submitOperatorRequest(OperatorRequestType type, String message, RsmId arg1, RsmId arg2)
            throws RsmException;

    /** {@code WaitForNtmsOperatorRequest}: COMPLETE returns; REFUSED throws CANCELLED; TIMEOUT when time runs out. */
    OperatorRequestState waitForOperatorRequest(OperatorRequestId request, Duration timeout) throws RsmException;

    /** {@code SatisfyNtmsOperatorRequest}: the operator did it (COMPLETE). */
    void satisfyOperatorRequest(OperatorRequestId request) throws RsmException;

    /** {@code CancelNtmsOperatorRequest}: refuses it (REFUSED); waiting callers get CANCELLED. */
    void cancelOperatorRequest(OperatorRequestId request) throws RsmException;

    // ---- objects (RSM.md §3.7) ----

    /** {@code GetNtmsObjectInformation}: a snapshot of the object; {@code type} must match its kind. */
    <I extends ObjectInfo> I info(RsmId object, Class<I> type) throws RsmException;

    /** {@code EnumerateNtmsObject}: objects of {@code type} in {@code container} (null = everything). */
    List<ObjectInfo> enumerate(RsmId container, ObjectType type) throws RsmException;

    /** {@code GetNtmsObjectAttribute}: the named attribute of an object (OBJECT_NOT_FOUND when it has none). */
    byte[] attribute(RsmId object, String name) throws RsmException;

    /**
     * {@code SetNtmsObjectAttribute}: creates or replaces a named attribute (name 1..{@link #MAX_ATTRIBUTE_NAME}
     * characters, data below {@link #MAX_ATTRIBUTE_SIZE} bytes); {@code null} data removes it.
     */
    void setAttribute(RsmId object, String name, byte[] data) throws RsmException;

    /** The longest attribute name, in characters. */
    int MAX_ATTRIBUTE_NAME = 32;

    /** Attribute data must be smaller than this, in bytes (64 KiB). */
    int MAX_ATTRIBUTE_SIZE = 64 * 1024;

    /**
     * {@code SetNtmsObjectInformation} for the name: renames a library, drive, cartridge, logical medium or
     * application media pool (its path changes, and the paths of the pools below it).
     */
    void setName(RsmId object, String name) throws RsmException;

    /** The object's description ({@code szDescription}); empty when none was set. */
    String description(RsmId object) throws RsmException;

    /** {@code SetNtmsObjectInformation} for the description (up to {@link #MAX_DESCRIPTION} characters). */
    void setDescription(RsmId object, String description) throws RsmException;

    /** The longest description, in characters ({@code NTMS_DESCRIPTION_LENGTH}). */
    int MAX_DESCRIPTION = 127;

    /** The longest object name, in characters ({@code NTMS_OBJECTNAME_LENGTH}). */
    int MAX_NAME = 64;

    /** Every library, the offline library included. */
    List<LibraryInfo> libraries() throws RsmException;

    // ---- security (RSM.md §4) ----

    /** The ACL of a library or media pool. */
    Acl security(RsmId object) throws RsmException;

    /** Replaces the ACL of a library or media pool (needs CONTROL on it). */
    void setSecurity(RsmId object, Acl acl) throws RsmException;

    // ---- notifications (RSM.md §6) ----

    /** Subscribes to notifications of one object type (null: every type) until the session closes. */
    void addNotificationListener(ObjectType type, RsmNotificationListener listener) throws RsmException;

    // ---- transactions (DESIGN.md §6) ----

    /** The session's local transaction, for application-demarcated transactions outside JTA. */
    RsmLocalTransaction localTransaction() throws RsmException;

    /** {@code CloseNtmsSession}: releases what the session still holds (as DEFERRED dismounts), cancels its waits. */
    @Override
    void close() throws RsmException;
}
