package org.clusteragent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.clusteragent.spi.ProxyAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyListParserTest {

    @ParameterizedTest
    @CsvSource({
            "proxy1:6666,          proxy1,      6666",
            "proxy1,               proxy1,      8000",
            "10.0.0.1:1,           10.0.0.1,    1",
            "10.0.0.1:65535,       10.0.0.1,    65535",
            "[::1]:6666,           ::1,         6666",
            "[::1],                ::1,         8000",
            "[fe80::1%eth0]:6666,  fe80::1%eth0, 6666",
            "::1,                  ::1,         8000",
            "[::]:6666,            ::,          6666",
            "[::ffff:10.0.0.1]:6666, ::ffff:10.0.0.1, 6666",
            "[1:2:3:4:5:6:7:8]:6666, 1:2:3:4:5:6:7:8, 6666",
            "2001:db8::7,          2001:db8::7, 8000",
            "my_proxy.example.com:80, my_proxy.example.com, 80",
    })
    void parsesOneAddress(String text, String host, int port) {
        assertEquals(new ProxyAddress(host, port, false), ProxyListParser.parseAddress(text, false));
        assertEquals(new ProxyAddress(host, port, true), ProxyListParser.parseAddress(" " + text + " ", true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "proxy:abc       | \"proxy:abc\": port \"abc\" is not a number in 1..65535; write host:port, [IPv6]:port or host (port 8000)",
            "proxy:0         | \"proxy:0\": port 0 is not in 1..65535; write host:port, [IPv6]:port or host (port 8000)",
            "proxy:65536     | \"proxy:65536\": port 65536 is not in 1..65535; write host:port, [IPv6]:port or host (port 8000)",
            "proxy:          | \"proxy:\": port \"\" is not a number in 1..65535; write host:port, [IPv6]:port or host (port 8000)",
            ":6666           | \":6666\": no host; write host:port, [IPv6]:port or host (port 8000)",
            "[::1:6666       | \"[::1:6666\": unbalanced brackets; write host:port, [IPv6]:port or host (port 8000)",
            "[::1]6666       | \"[::1]6666\": unbalanced brackets; write host:port, [IPv6]:port or host (port 8000)",
            "[zz::1]:6666    | \"[zz::1]:6666\": \"zz::1\" is not a host name or IP address; write host:port, [IPv6]:port or host (port 8000)",
            ":::             | \":::\": \":::\" is not a host name or IP address; write host:port, [IPv6]:port or host (port 8000)",
            "[1::2::3]:6666  | \"[1::2::3]:6666\": \"1::2::3\" is not a host name or IP address; write host:port, [IPv6]:port or host (port 8000)",
            "[12345::1]:6666 | \"[12345::1]:6666\": \"12345::1\" is not a host name or IP address; write host:port, [IPv6]:port or host (port 8000)",
            "[1:2:3:4:5:6:7:8:9] | \"[1:2:3:4:5:6:7:8:9]\": \"1:2:3:4:5:6:7:8:9\" is not a host name or IP address; write host:port, [IPv6]:port or host (port 8000)",
            "pro$xy:6666     | \"pro$xy:6666\": \"pro$xy\" is not a host name or IP address; write host:port, [IPv6]:port or host (port 8000)",
            "http://proxy:80 | \"http://proxy:80\": no scheme allowed; write host:port, [IPv6]:port or host (port 8000) (TLS is chosen by the ssl attribute)",
            "proxy:80/mcm    | \"proxy:80/mcm\": no path allowed (put a path prefix in proxyURL); write host:port, [IPv6]:port or host (port 8000)",
    })
    void rejectsBadAddressesSayingWhy(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxyListParser.parseAddress(text, false));
        assertEquals(message, e.getMessage());
    }

    @Test
    void rejectsEmptyAddress() {
        assertThrows(IllegalArgumentException.class, () -> ProxyListParser.parseAddress("  ", false));
        assertThrows(IllegalArgumentException.class, () -> ProxyListParser.parseAddress(null, false));
    }

    @Test
    void listsAreSeparatedByCommasOrSpacesAndDeduplicated() {
        List<ProxyAddress> proxies = ProxyListParser.parseList(" a:1, b ,[::1]:3  c:4,,a:1\n d:5 ", false);
        assertEquals(List.of(new ProxyAddress("a", 1, false), new ProxyAddress("b", 8000, false),
                new ProxyAddress("::1", 3, false), new ProxyAddress("c", 4, false),
                new ProxyAddress("d", 5, false)), proxies);
        assertEquals(List.of(), ProxyListParser.parseList("", false));
        assertEquals(List.of(), ProxyListParser.parseList(" , ", false));
    }

    @Test
    void listNamesEveryBadEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxyListParser.parseList("a:1,b:x,c:99999", false));
        assertTrue(e.getMessage().contains("entry \"b:x\": port \"x\""), e.getMessage());
        assertTrue(e.getMessage().contains("entry \"c:99999\": port 99999 is not in 1..65535"), e.getMessage());
    }
}
