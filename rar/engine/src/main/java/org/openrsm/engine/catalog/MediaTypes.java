package org.openrsm.engine.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** RSM's media types and their codes (RSM.md §1.5). */
public final class MediaTypes {
    private static final Map<String, Integer> CODES = new LinkedHashMap<>();
    /** 5.25" and 12"/14" optical platters have two sides; everything else one. */
    private static final Set<String> TWO_SIDED = Set.of("MO_5_WO", "MO_5_RW", "MO_5_LIMDOW", "PC_5_WO", "PC_5_RW", "PD_5_RW", "ABL_5_WO", "PINNACLE_APEX_5_RW", "SONY_12_WO", "PHILIPS_12_WO", "HITACHI_12_WO", "CYGNET_12_WO", "KODAK_14_WO", "MO_NFR_525", "NIKON_12_RW");

    static {
        CODES.put("DDS_4mm", 0x20);
        CODES.put("MiniQic", 0x21);
        CODES.put("Travan", 0x22);
        CODES.put("QIC", 0x23);
        CODES.put("MP_8mm", 0x24);
        CODES.put("AME_8mm", 0x25);
        CODES.put("AIT1_8mm", 0x26);
        CODES.put("DLT", 0x27);
        CODES.put("NCTP", 0x28);
        CODES.put("IBM_3480", 0x29);
        CODES.put("IBM_3490E", 0x2A);
        CODES.put("IBM_Magstar_3590", 0x2B);
        CODES.put("IBM_Magstar_MP", 0x2C);
        CODES.put("STK_DATA_D3", 0x2D);
        CODES.put("SONY_DTF", 0x2E);
        CODES.put("DV_6mm", 0x2F);
        CODES.put("DMI", 0x30);
        CODES.put("SONY_D2", 0x31);
        CODES.put("CLEANER_CARTRIDGE", 0x32);
        CODES.put("CD_ROM", 0x33);
        CODES.put("CD_R", 0x34);
        CODES.put("CD_RW", 0x35);
        CODES.put("DVD_ROM", 0x36);
        CODES.put("DVD_R", 0x37);
        CODES.put("DVD_RW", 0x38);
        CODES.put("MO_3_RW", 0x39);
        CODES.put("MO_5_WO", 0x3A);
        CODES.put("MO_5_RW", 0x3B);
        CODES.put("MO_5_LIMDOW", 0x3C);
        CODES.put("PC_5_WO", 0x3D);
        CODES.put("PC_5_RW", 0x3E);
        CODES.put("PD_5_RW", 0x3F);
        CODES.put("ABL_5_WO", 0x40);
        CODES.put("PINNACLE_APEX_5_RW", 0x41);
        CODES.put("SONY_12_WO", 0x42);
        CODES.put("PHILIPS_12_WO", 0x43);
        CODES.put("HITACHI_12_WO", 0x44);
        CODES.put("CYGNET_12_WO", 0x45);
        CODES.put("KODAK_14_WO", 0x46);
        CODES.put("MO_NFR_525", 0x47);
        CODES.put("NIKON_12_RW", 0x48);
        CODES.put("IOMEGA_ZIP", 0x49);
        CODES.put("IOMEGA_JAZ", 0x4A);
        CODES.put("SYQUEST_EZ135", 0x4B);
        CODES.put("SYQUEST_EZFLYER", 0x4C);
        CODES.put("SYQUEST_SYJET", 0x4D);
        CODES.put("AVATAR_F2", 0x4E);
        CODES.put("MP2_8mm", 0x4F);
        CODES.put("DST_S", 0x50);
        CODES.put("DST_M", 0x51);
        CODES.put("DST_L", 0x52);
        CODES.put("VXATape_1", 0x53);
        CODES.put("VXATape_2", 0x54);
        CODES.put("STK_9840", 0x55);
        CODES.put("LTO_Ultrium", 0x56);
        CODES.put("LTO_Accelis", 0x57);
        CODES.put("DVD_RAM", 0x58);
        CODES.put("AIT_8mm", 0x59);
        CODES.put("ADR_1", 0x5A);
        CODES.put("ADR_2", 0x5B);
        CODES.put("STK_9940", 0x5C);
        CODES.put("SAIT", 0x5D);
    }

    private MediaTypes() {
    }

    /** RSM's code for the name, or null when RSM knows no such media type (names are case-sensitive). */
    public static Integer code(String name) {
        return CODES.get(name);
    }

    public static int sides(String name) {
        return TWO_SIDED.contains(name) ? 2 : 1;
    }

    public static Collection<String> names() {
        return CODES.keySet();
    }
}
