package dev.eos.connector.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes credentials from JDBC URLs and from texts that may quote one (driver messages). */
public final class Redaction {

    private static final Pattern PARAMETER = Pattern.compile(
            "(?i)([;?&:]\\s*(?:password|pwd|passwd|secret|token|accesstoken|clientsecret|keystoresecret|"
                    + "truststorepassword|keystorepassword|sslpassword|sslkey)\\s*=\\s*)([^;&\\s]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@\\s:;?]*:)([^/@\\s]*)(@)");

    private Redaction() {
    }

    /** The URL with every credential replaced by {@code [hidden]}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String out = PARAMETER.matcher(url).replaceAll("$1[hidden]");
        return USER_INFO.matcher(out).replaceAll("$1[hidden]$3");
    }

    /** {@code text} with the URL's credentials and the password removed, wherever they appear. */
    public static String text(String text, String url, String password) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (url != null && !url.isEmpty()) {
            out = out.replace(url, url(url));
            // a driver may quote a piece of the URL (MariaDB: "Incorrect port value : PASSWORD@host")
            for (Pattern credentials : new Pattern[] {PARAMETER, USER_INFO}) {
                Matcher m = credentials.matcher(url);
                while (m.find()) {
                    String value = m.group(2);
                    if (value.length() >= 3 && !value.equals("[hidden]")) {
                        out = out.replace(value, "[hidden]");
                    }
                }
            }
        }
        if (password != null && password.length() >= 3) {
            out = out.replace(password, "[hidden]");
        }
        return url(out);
    }
}
