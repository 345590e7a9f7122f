package dev.observableorders.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.observableorders.order.OrderRecords;
import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An order's page must cost the same however much history Restate retains, so each of its
 * key-filtered queries must read one partition key, not scan every partition. Restate
 * 1.7.12 does that only with {@code scope IS NULL} in the query; this asks the real
 * server's planner, so a Restate upgrade that changes the rule fails here, not as a slow
 * page in production. The latency itself is measured by {@code tools/page-benchmark}.
 */
class OrderFactsQueriesIT {

	/**
	 * The scan of the table the key filter applies to (sys_invocation is a view over
	 * two).
	 */
	private static final Pattern PARTITIONS = Pattern
		.compile("table_name: \"(?:sys_invocation_status|state)\" \\}, partitions=(\\d+)");

	private static final RestateServer restate = RestateServer.shared();

	private final RestateAdmin admin = new RestateAdmin(restate.adminUrl());

	@ParameterizedTest
	@ValueSource(strings = { "invocations", "stored" })
	void theOrderPagesKeyQueriesReadOnePartitionKey(String query) {
		String sql = query.equals("invocations")
				? OrderRecords.invocationsQuery("order-001", OrderFactsReader.MAX_INVOCATIONS)
				: OrderRecords.storedQuery("order-001");
		int unscopedPartitions = partitions(sql.replace(" AND " + OrderRecords.UNSCOPED, ""));
		assumeTrue(unscopedPartitions > 1,
				"this machine's planner reads a full scan as one partition too, so it cannot tell them apart");

		assertThat(partitions(sql)).as("scanned partitions of %s (a full scan: %d)", sql, unscopedPartitions)
			.isEqualTo(1);
	}

	/** The partitions the planner reads for the key-filtered table. */
	private int partitions(String sql) {
		String plan = this.admin.query("EXPLAIN " + sql).findValuesAsText("plan").toString();
		Matcher matcher = PARTITIONS.matcher(plan);
		assertThat(matcher.find()).as(plan).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

}
