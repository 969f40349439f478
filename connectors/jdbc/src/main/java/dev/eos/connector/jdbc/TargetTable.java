package dev.eos.connector.jdbc;

import java.util.List;

/**
 * The table the sink writes, resolved against the database: its quoted, qualified name, the columns the sink
 * writes (in the order of the row arrays handed to a dialect) and which of them hold the key.
 *
 * @param qualifiedName the table's name, quoted and qualified, ready to put in SQL
 * @param displayName the table's name for messages
 * @param columns the written columns, in row order
 * @param keyIndexes indexes into {@code columns} of the key columns
 * @param quote how the dialect quotes an identifier, applied to column names
 */
public record TargetTable(String qualifiedName, String displayName, List<TargetColumn> columns, int[] keyIndexes,
                          java.util.function.UnaryOperator<String> quote) {

    public TargetTable {
        columns = List.copyOf(columns);
        keyIndexes = keyIndexes.clone();
    }

    public List<TargetColumn> keyColumns() {
        return java.util.Arrays.stream(keyIndexes).mapToObj(columns::get).toList();
    }

    /** The quoted name of the written column at {@code index}. */
    public String quotedColumn(int index) {
        return quote.apply(columns.get(index).name());
    }

    /** Quoted names of the written columns, comma-separated. */
    public String quotedColumnList() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(quotedColumn(i));
        }
        return out.toString();
    }

    @Override
    public int[] keyIndexes() {
        return keyIndexes.clone();
    }
}
