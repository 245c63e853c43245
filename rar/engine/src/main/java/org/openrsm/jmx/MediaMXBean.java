package org.openrsm.jmx;

import java.util.List;

/**
 * Cartridges and allocations by the names an operator knows: {@code org.openrsm:type=Media}. Every operation is an RSM
 * operation of the server's administrator principal, with its access check, and is logged.
 */
public interface MediaMXBean {
    /** The bar codes of every cartridge the catalog knows, online or on the shelf. */
    List<String> getBarCodes();

    /** Every cartridge the catalog knows with where it is, its pool, state and sides, by bar code: one call for all. */
    List<MediumData> getCartridges();

    /** The cartridge with this bar code: where it is, its pool, state and sides. */
    MediumData find(String barCode);

    /** {@code AllocateNtmsMedia} from the pool ({@code \Archive}, a path): the new logical medium's id. */
    String allocate(String poolPath);

    /** {@code DeallocateNtmsMedia} of a logical medium (its id). */
    void deallocate(String logicalMedium);

    /** {@code MoveToNtmsMediaPool}: the cartridge goes to the pool (a path). */
    void moveToPool(String barCode, String poolPath);
}
