package org.openrsm.changer.mtx;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The output of {@code mtx inquiry}: what kind of SCSI device the configured path is. */
record MtxInquiry(String productType, String vendor, String product, String revision) {
    private static final Pattern FIELD = Pattern.compile("(?m)^(Product Type|Vendor ID|Product ID|Revision): ?'?(.*?)'?\\s*$");

    static MtxInquiry parse(String output) {
        String type = null;
        String vendor = "";
        String product = "";
        String revision = "";
        Matcher m = FIELD.matcher(output);
        while (m.find()) {
            String value = m.group(2).strip();
            switch (m.group(1)) {
                case "Product Type" -> type = value;
                case "Vendor ID" -> vendor = value;
                case "Product ID" -> product = value;
                default -> revision = value;
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("no 'Product Type' in the mtx inquiry output");
        }
        return new MtxInquiry(type, vendor, product, revision);
    }

    boolean changer() {
        return productType.equals("Medium Changer");
    }
}
