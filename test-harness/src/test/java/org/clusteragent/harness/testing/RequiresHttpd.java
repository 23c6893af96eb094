package org.clusteragent.harness.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs a real httpd with mod_proxy_cluster ({@code HttpdBalancer}). Where
 * apxs, httpd or the mod_proxy_cluster source are missing, its tests are skipped with one line that
 * says how to enable them; with the environment variable {@code CI=true} they fail instead, so CI
 * never skips them silently. See {@link HttpdCondition}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(HttpdCondition.class)
public @interface RequiresHttpd {
}
