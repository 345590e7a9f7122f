package dev.observableorders.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The service's scheduled reads of Restate's admin API, slowed for a variant that runs
 * one turn in n. A read whose delay passed while its JVM was frozen runs at the thaw, so
 * at the shipped intervals a variant in 5 s turns read at every turn: three times as
 * often per second of running as in production, and those reads showed in the p99 at
 * concurrency 1. With every interval n times the shipped one, the reads per second of
 * running stay at the production rate, whatever the turn length.
 */
final class ServicePollers {

	/** The intervals of the service's pollers. */
	private static final List<String> INTERVALS = List.of("orders.active-refresh", "orders.orphan-refresh",
			"restate.deployment.check-interval");

	private ServicePollers() {
	}

	/** Settings that stretch every poller's interval by {@code sharing}. */
	static List<String> settings(int sharing) {
		return INTERVALS.stream()
			.map((key) -> "--" + key + "=" + shipped(key).multipliedBy(sharing).toMillis() + "ms")
			.toList();
	}

	/**
	 * The interval the service runs with when nothing overrides it: {@code application.yml}'s
	 * value, else its record's default as the configuration metadata (generated from the
	 * records' {@code @DefaultValue}) states it.
	 */
	static Duration shipped(String key) {
		Object value = applicationYml().getProperty(key);
		if (value == null || value.toString().isBlank()) {
			value = recordDefaults().get(key);
		}
		if (value == null || value.toString().isBlank()) {
			throw new IllegalStateException(key + " has no shipped value (application.yml or its record's default):"
					+ " the benchmark cannot slow a poller it does not know, and a frozen variant's poller would read"
					+ " at every thaw");
		}
		return DurationStyle.detectAndParse(value.toString());
	}

	private static PropertySource<?> applicationYml() {
		try {
			return new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
				.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> recordDefaults() {
		try (InputStream metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			Map<String, String> defaults = new HashMap<>();
			for (JsonNode property : new ObjectMapper().readTree(metadata).path("properties")) {
				if (property.hasNonNull("defaultValue")) {
					defaults.put(property.path("name").asText(), property.path("defaultValue").asText());
				}
			}
			return defaults;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
