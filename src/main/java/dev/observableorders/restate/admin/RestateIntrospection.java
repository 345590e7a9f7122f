package dev.observableorders.restate.admin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Restate's SQL introspection asked now, through the service's one admin client: for
 * pages that read the rows of one key. Queries must be scoped (by key, with a
 * {@code LIMIT}) so that their cost does not grow with the history Restate retains.
 */
public class RestateIntrospection {

	private final RestateAdminApi admin;

	RestateIntrospection(RestateAdminApi admin) {
		this.admin = admin;
	}

	/** Whether an admin API is configured ({@code restate.deployment.admin-url}). */
	public boolean available() {
		return this.admin.available();
	}

	/**
	 * The query's rows, each column as a string, a number, a boolean or null.
	 * @throws IOException when no admin API is configured, Restate cannot be asked, or it
	 * refuses the query
	 */
	public List<Map<String, Object>> rows(String sql) throws IOException {
		if (!available()) {
			throw new IOException("No Restate admin API is configured (restate.deployment.admin-url)");
		}
		// an interrupt surfaces as an IOException from the HTTP client, the flag kept
		return this.admin.rows(sql);
	}

}
