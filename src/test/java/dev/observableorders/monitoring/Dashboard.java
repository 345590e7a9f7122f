package dev.observableorders.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** One provisioned Grafana dashboard, as its JSON file. */
record Dashboard(Path file, JsonNode json) {

	static final Path DIRECTORY = Path.of("config/grafana/dashboards");

	static List<Dashboard> all() throws IOException {
		ObjectMapper json = new ObjectMapper();
		try (Stream<Path> files = Files.list(DIRECTORY)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().map((file) -> {
				try {
					return new Dashboard(file, json.readTree(file.toFile()));
				}
				catch (IOException ex) {
					throw new IllegalStateException("Cannot read " + file, ex);
				}
			}).toList();
		}
	}

	String uid() {
		return this.json.path("uid").asText();
	}

	List<JsonNode> panels() {
		return this.json.path("panels").valueStream().toList();
	}

	/** Every panel query, as written (with Grafana's variables). */
	List<String> expressions() {
		return panels().stream()
			.flatMap((panel) -> panel.path("targets").valueStream())
			.map((target) -> target.path("expr").asText())
			.toList();
	}

	@Override
	public String toString() {
		return this.file.getFileName().toString();
	}

}
