package dev.observableorders.restate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restate's admin API as far as this service reads it: SQL over its introspection tables
 * ({@code sys_invocation}, {@code sys_deployment}, ...), asked by
 * {@link RestateStatePoller} on a schedule and by {@link RestateIntrospection} on demand.
 * Available when {@code restate.deployment.admin-url} is set.
 */
class RestateAdminApi {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final URI adminUrl;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	RestateAdminApi(URI adminUrl) {
		this.adminUrl = adminUrl;
	}

	boolean available() {
		return this.adminUrl != null;
	}

	/**
	 * {@code POST /deployments}: asks Restate to discover the endpoint at
	 * {@code deployment}.
	 * @throws java.net.ConnectException when nothing listens at the admin URL yet
	 */
	Answer registerDeployment(URI deployment, boolean force) throws IOException, InterruptedException {
		String body = JSON.createObjectNode().put("uri", deployment.toString()).put("force", force).toString();
		HttpRequest request = HttpRequest.newBuilder(this.adminUrl.resolve("/deployments"))
			// discovery includes Restate calling the endpoint back
			.timeout(Duration.ofSeconds(30))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Answer(response.statusCode(), response.body());
	}

	/** Restate's answer: status code and body. */
	record Answer(int status, String body) {
	}

	/**
	 * The first row's columns as numbers (SQL NULL, e.g. the {@code sum} of no rows, as
	 * 0), in the query's column order; empty when there is no row.
	 * @throws IOException when Restate cannot be asked or refuses the query
	 */
	Map<String, Long> firstRow(String sql) throws IOException, InterruptedException {
		Map<String, Long> columns = new LinkedHashMap<>();
		query(sql).path(0).properties().forEach((column) -> columns.put(column.getKey(), column.getValue().asLong()));
		return columns;
	}

	/**
	 * Every row, each column as a string, a number, a boolean or null, in the query's
	 * column order.
	 * @throws IOException when Restate cannot be asked or refuses the query
	 */
	List<Map<String, Object>> rows(String sql) throws IOException, InterruptedException {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (JsonNode row : query(sql)) {
			Map<String, Object> columns = new LinkedHashMap<>();
			row.properties().forEach((column) -> columns.put(column.getKey(), value(column.getValue())));
			rows.add(columns);
		}
		return rows;
	}

	private JsonNode query(String sql) throws IOException, InterruptedException {
		String body = JSON.createObjectNode().put("query", sql).toString();
		HttpRequest request = HttpRequest.newBuilder(this.adminUrl.resolve("/query"))
			.timeout(Duration.ofSeconds(5))
			// without it the answer is Arrow, not JSON
			.header("accept", "application/json")
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("Restate refused the query: " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body()).path("rows");
	}

	private static Object value(JsonNode node) {
		if (node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isIntegralNumber()) {
			return node.asLong();
		}
		if (node.isNumber()) {
			return node.asDouble();
		}
		if (node.isBoolean()) {
			return node.asBoolean();
		}
		return node.isValueNode() ? node.asText() : node.toString();
	}

}
