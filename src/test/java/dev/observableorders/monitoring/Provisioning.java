package dev.observableorders.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Grafana's provisioned datasources ({@code config/grafana/provisioning}). */
final class Provisioning {

	static final Path DATASOURCES = Path.of("config/grafana/provisioning/datasources/datasources.yaml");

	private Provisioning() {
	}

	/** uid to type. */
	static Map<String, String> datasources() throws IOException {
		Map<String, String> byUid = new LinkedHashMap<>();
		for (Map<String, Object> datasource : list()) {
			byUid.put(String.valueOf(datasource.get("uid")), String.valueOf(datasource.get("type")));
		}
		return byUid;
	}

	/** The uids Prometheus' exemplars link to. */
	@SuppressWarnings("unchecked")
	static List<String> exemplarDestinations() throws IOException {
		return list().stream()
			.filter((datasource) -> "prometheus".equals(datasource.get("type")))
			.map((datasource) -> (Map<String, Object>) datasource.getOrDefault("jsonData", Map.of()))
			.flatMap((jsonData) -> ((List<Map<String, Object>>) jsonData.getOrDefault("exemplarTraceIdDestinations",
					List.of()))
				.stream())
			.map((destination) -> String.valueOf(destination.get("datasourceUid")))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list() throws IOException {
		Map<String, Object> file = new Yaml().load(Files.readString(DATASOURCES));
		return (List<Map<String, Object>>) file.get("datasources");
	}

}
