package dev.observableorders.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Restate's admin API: SQL introspection of invocations, journals and state. */
public final class RestateAdmin {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI base;

	public RestateAdmin(URI base) {
		this.base = base;
	}

	/** Registers the endpoint at {@code endpoint}, as an operator does with the CLI. */
	public void register(URI endpoint) {
		register(endpoint, false);
	}

	/**
	 * @param force overwrite the deployment already at that address: its pinned
	 * invocations then resume on whatever code answers there now
	 */
	public void register(URI endpoint, boolean force) {
		String body = JsonNodeFactory.instance.objectNode()
			.put("uri", endpoint.toString())
			.put("force", force)
			.toString();
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/deployments"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException("Restate refused " + endpoint + ": " + response.body());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The id of the deployment at {@code endpoint} (Restate stores it with a trailing
	 * slash).
	 * @throws IllegalStateException when none is registered there
	 */
	public String deploymentAt(URI endpoint) {
		return findDeploymentAt(endpoint)
			.orElseThrow(() -> new IllegalStateException("Restate has no deployment at " + endpoint));
	}

	/** The id of the deployment at {@code endpoint}, if one is registered there. */
	public java.util.Optional<String> findDeploymentAt(URI endpoint) {
		String address = endpoint.toString().replaceAll("/$", "");
		JsonNode rows = query(
				"SELECT id FROM sys_deployment WHERE endpoint IN ('" + address + "', '" + address + "/')");
		return rows.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(rows.path(0).path("id").asText());
	}

	/**
	 * Invocations pinned to a deployment that have not completed, as
	 * {@code <id> <service>/<key>/<handler>}: they replay on that deployment's code only.
	 */
	public java.util.List<String> unfinishedPinnedTo(String deploymentId) {
		java.util.List<String> pinned = new java.util.ArrayList<>();
		query("SELECT id, target FROM sys_invocation_status WHERE pinned_deployment_id = '" + deploymentId
				+ "' AND status <> 'completed' ORDER BY created_at")
			.forEach((row) -> pinned.add(row.path("id").asText() + " " + row.path("target").asText()));
		return pinned;
	}

	/**
	 * Removes a deployment ({@code restate deployments remove}); Restate 1.7 supports
	 * only the forced removal, which strands invocations still pinned to it: ask
	 * {@link #unfinishedPinnedTo} first.
	 */
	public void removeDeployment(String deploymentId) {
		send(HttpRequest.newBuilder(this.base.resolve("/deployments/" + deploymentId + "?force=true")).DELETE().build(),
				"DELETE /deployments/" + deploymentId + " answered");
	}

	/**
	 * The unfinished {@code ProcessOrder} invocation of an order, as an operator finds it
	 * in the UI or with {@code restate invocations list}; null when there is none.
	 */
	public String unfinishedProcessOrder(String orderId) {
		JsonNode rows = query("SELECT id FROM sys_invocation WHERE target_service_name = 'OrderService'"
				+ " AND target_service_key = '" + orderId + "' AND scope IS NULL"
				+ " AND target_handler_name = 'ProcessOrder' AND status <> 'completed'");
		return rows.isEmpty() ? null : rows.path(0).path("id").asText();
	}

	/**
	 * Stops an invocation at once, without letting its handler compensate:
	 * {@code restate invocations kill}.
	 */
	public void kill(String invocationId) {
		patch("/invocations/" + invocationId + "/kill");
	}

	/**
	 * Asks an invocation to stop: its handler sees a cancellation at the step it waits on
	 * and may compensate. {@code restate invocations cancel}.
	 */
	public void cancel(String invocationId) {
		patch("/invocations/" + invocationId + "/cancel");
	}

	private void patch(String path) {
		send(HttpRequest.newBuilder(this.base.resolve(path))
			.method("PATCH", HttpRequest.BodyPublishers.noBody())
			.build(), "PATCH " + path + " answered");
	}

	/**
	 * Sends an admin request that must be answered 2xx; {@code refused} starts the error.
	 */
	private void send(HttpRequest request, String refused) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(refused + " " + response.statusCode() + " " + response.body());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Replaces a virtual object's state as an operator does ({@code POST
	 * /services/{service}/state}); Restate applies it asynchronously.
	 */
	public void replaceState(String service, String key, Map<String, byte[]> state) {
		ObjectNode body = JsonNodeFactory.instance.objectNode().put("object_key", key);
		ObjectNode newState = body.putObject("new_state");
		state.forEach((name, bytes) -> {
			ArrayNode array = newState.putArray(name);
			for (byte b : bytes) {
				array.add(b & 0xff);
			}
		});
		send(HttpRequest.newBuilder(this.base.resolve("/services/" + service + "/state"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build(), "Restate refused the state of " + key + ":");
	}

	/**
	 * Rows of a SQL query; {@code accept: application/json}, else the answer is Arrow.
	 */
	public JsonNode query(String sql) {
		String body = JsonNodeFactory.instance.objectNode().put("query", sql).toString();
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/query"))
			.header("accept", "application/json")
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Query failed: " + response.statusCode() + " " + response.body());
			}
			return JSON.readTree(response.body()).path("rows");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The journal entry types of the invocation that carried {@code invocationId}, in
	 * order.
	 */
	public java.util.List<String> journal(String invocationId) {
		java.util.List<String> entries = new java.util.ArrayList<>();
		query("SELECT entry_type FROM sys_journal WHERE id = '" + invocationId + "' ORDER BY index")
			.forEach((row) -> entries.add(row.path("entry_type").asText()));
		return entries;
	}

}
