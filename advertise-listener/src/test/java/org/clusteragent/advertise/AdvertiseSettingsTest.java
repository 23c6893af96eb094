package org.clusteragent.advertise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.ProxyDiscoveryFactory;
import org.junit.jupiter.api.Test;

class AdvertiseSettingsTest {

    @Test
    void onByDefaultWithDefaults() throws Exception {
        AdvertiseSettings s = AdvertiseSettings.parse(Map.of()).orElseThrow();
        assertEquals(InetAddress.getByName("224.0.1.105"), s.group().getAddress());
        assertEquals(23364, s.group().getPort());
        assertNull(s.interfaceAddress());
        assertNull(s.interfaceName());
        assertNull(s.securityKey());
        assertNull(s.timeout());
        assertEquals(Duration.ofMinutes(5), s.maxClockSkew());
    }

    @Test
    void aProxyListSwitchesItOffUnlessAskedFor() {
        assertTrue(AdvertiseSettings.parse(Map.of("proxyList", "  ")).isPresent());
        assertFalse(AdvertiseSettings.parse(Map.of("proxyList", "p1:6666")).isPresent());
        assertTrue(AdvertiseSettings.parse(Map.of("proxyList", "p1:6666", "advertise", "TRUE")).isPresent());
        assertFalse(AdvertiseSettings.parse(Map.of("advertise", "false")).isPresent());
    }

    @Test
    void readsEverySetting() throws Exception {
        AdvertiseSettings s = AdvertiseSettings.parse(Map.of("advertiseGroupAddress", "239.1.2.3",
                "advertisePort", "40000", "advertiseInterface", "127.0.0.1", "advertiseSecurityKey", "k",
                "advertiseTimeout", "30", "advertiseMaxClockSkew", "10")).orElseThrow();
        assertEquals(InetAddress.getByName("239.1.2.3"), s.group().getAddress());
        assertEquals(40000, s.group().getPort());
        assertEquals(InetAddress.getByName("127.0.0.1"), s.interfaceAddress());
        assertEquals("k", s.securityKey());
        assertEquals(Duration.ofSeconds(30), s.timeout());
        assertEquals(Duration.ofSeconds(10), s.maxClockSkew());
        assertEquals(InetAddress.getByName("ff05::1:3"),
                AdvertiseSettings.parse(Map.of("advertiseGroupAddress", "[ff05::1:3]")).orElseThrow().group().getAddress());
    }

    @Test
    void reportsEveryProblemNamingAttributeAndValue() {
        Map<String, String> bad = new HashMap<>();
        bad.put("advertise", "maybe");
        bad.put("advertiseGroupAddress", "10.0.0.1");
        bad.put("advertisePort", "70000");
        bad.put("advertiseInterface", "eth0");
        bad.put("advertiseInterfaceName", "lo");
        bad.put("advertiseTimeout", "-1");
        bad.put("advertiseMaxClockSkew", "5m");
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> AdvertiseSettings.parse(bad));
        List<String> p = e.problems();
        assertEquals(7, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("advertise=\"maybe\": not a boolean"), p.get(0));
        assertTrue(p.stream().anyMatch(x -> x.startsWith("advertiseGroupAddress=\"10.0.0.1\": not a multicast")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("advertisePort=\"70000\": out of range; use a UDP port in 1..65535")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("advertiseInterface=\"eth0\": not an IP address")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.contains("set together with advertiseInterfaceName=\"lo\"")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("advertiseTimeout=\"-1\": out of range")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("advertiseMaxClockSkew=\"5m\": not a number")), p.toString());
    }

    @Test
    void interfacesMustExistWhenOn() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> AdvertiseSettings.parse(Map.of("advertiseInterfaceName", "nosuchnic0")));
        assertEquals(List.of("advertiseInterfaceName=\"nosuchnic0\": not an interface of this machine; use one that ip link lists"), e.problems());
        e = assertThrows(InvalidConfigurationException.class,
                () -> AdvertiseSettings.parse(Map.of("advertiseInterface", "192.0.2.77")));
        assertTrue(e.problems().get(0).startsWith("advertiseInterface=\"192.0.2.77\": not the address"));
        assertFalse(AdvertiseSettings.parse(Map.of("advertise", "false", "advertiseInterfaceName", "nosuchnic0")).isPresent(),
                "off: the machine's interfaces are not consulted");
        assertEquals("lo", AdvertiseSettings.parse(Map.of("advertiseInterfaceName", "lo")).orElseThrow().interfaceName());
    }

    @Test
    void groupNamesAreNotLookedUp() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> AdvertiseSettings.parse(Map.of("advertiseGroupAddress", "localhost")));
        assertTrue(e.problems().get(0).startsWith("advertiseGroupAddress=\"localhost\": "));
        assertThrows(InvalidConfigurationException.class,
                () -> AdvertiseSettings.parse(Map.of("advertiseGroupAddress", "224.0.1.256")));
    }

    @Test
    void factoryIsFoundByServiceLoaderAndOwnsItsProperties() {
        ProxyDiscoveryFactory f = ServiceLoader.load(ProxyDiscoveryFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(x -> x instanceof AdvertiseDiscoveryFactory).findFirst().orElseThrow();
        assertEquals(java.util.Set.of("advertise", "advertiseGroupAddress", "advertisePort", "advertiseInterface",
                "advertiseInterfaceName", "advertiseSecurityKey", "advertiseTimeout", "advertiseMaxClockSkew"),
                f.propertyNames());
        assertInstanceOf(AdvertiseDiscovery.class, f.create(Map.of()).orElseThrow());
        assertTrue(f.create(Map.of("proxyList", "a:1")).isEmpty());
    }
}
