package org.openrsm.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openrsm.api.AllocateOptions;
import org.openrsm.api.DriveInfo;
import org.openrsm.api.LibraryInfo;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaPoolInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.ObjectInfo;
import org.openrsm.api.ObjectType;
import org.openrsm.api.PhysicalMediaInfo;
import org.openrsm.api.PortInfo;
import org.openrsm.api.RsmError;
import org.openrsm.api.RsmException;
import org.openrsm.api.SideId;
import org.openrsm.api.SideInfo;
import org.openrsm.api.SlotInfo;
import org.openrsm.jmx.MediaMXBean;
import org.openrsm.jmx.MediumData;

/** {@code org.openrsm:type=Media}: cartridges by bar code, allocations, pool moves (through {@link JmxOperator}). */
final class MediaBean implements MediaMXBean {
    private final JmxOperator operator;

    MediaBean(JmxOperator operator) {
        this.operator = operator;
    }

    @Override
    public List<String> getBarCodes() {
        return operator.read(s -> {
            List<String> barCodes = new ArrayList<>();
            for (ObjectInfo o : s.enumerate(null, ObjectType.PHYSICAL_MEDIA)) {
                String barCode = ((PhysicalMediaInfo) o).barCode();
                if (barCode != null) {
                    barCodes.add(barCode);
                }
            }
            barCodes.sort(null);
            return barCodes;
        });
    }

    @Override
    public List<MediumData> getCartridges() {
        return operator.read(s -> {
            List<MediumData> cartridges = new ArrayList<>();
            for (ObjectInfo o : s.enumerate(null, ObjectType.PHYSICAL_MEDIA)) {
                cartridges.add(view(s, (PhysicalMediaInfo) o));
            }
            cartridges.sort(Comparator.comparing(MediumData::getBarCode, Comparator.nullsLast(Comparator.naturalOrder())));
            return cartridges;
        });
    }

    @Override
    public MediumData find(String barCode) {
        return operator.read(s -> view(s, operator.cartridge(s, null, barCode)));
    }

    static MediumData view(MediaSession s, PhysicalMediaInfo m) throws RsmException {
        String location = "shelf";
        if (m.location() != null) {
            location = switch (m.locationType()) {
                case STORAGESLOT -> "slot " + s.info(m.location(), SlotInfo.class).number();
                case DRIVE -> "drive " + s.info(m.location(), DriveInfo.class).name();
                case IEPORT -> "IE port " + s.info(m.location(), PortInfo.class).number();
                default -> "shelf";
            };
        }
        List<String> sides = new ArrayList<>();
        for (SideId id : m.sides()) {
            SideInfo side = s.info(id, SideInfo.class);
            sides.add("side " + side.side() + ": " + side.state()
                    + (side.logicalMedia() == null ? "" : ", logical medium " + side.logicalMedia()));
        }
        String library = m.currentLibrary() == null ? "" : s.info(m.currentLibrary(), LibraryInfo.class).name();
        String pool = m.mediaPool() == null ? "" : s.info(m.mediaPool(), MediaPoolInfo.class).path();
        return new MediumData(m.barCode(), library, location, pool, m.mediaState().name(), m.enabled(), sides);
    }

    @Override
    public String allocate(String poolPath) {
        return operator.call("allocate from " + poolPath,
                s -> s.allocate(JmxOperator.pool(s, poolPath), AllocateOptions.errorIfNoneAvailable()).toString());
    }

    @Override
    public void deallocate(String logicalMedium) {
        operator.call("deallocate logical medium " + logicalMedium, s -> {
            LogicalMediaId id;
            try {
                id = LogicalMediaId.parse(logicalMedium);
            } catch (IllegalArgumentException e) {
                throw new RsmException(RsmError.INVALID_PARAMETER, e.getMessage());
            }
            s.deallocate(id);
            return null;
        });
    }

    @Override
    public void moveToPool(String barCode, String poolPath) {
        operator.call("move " + barCode + " to " + poolPath, s -> {
            s.moveToMediaPool(operator.cartridge(s, null, barCode).id(), JmxOperator.pool(s, poolPath));
            return null;
        });
    }
}
