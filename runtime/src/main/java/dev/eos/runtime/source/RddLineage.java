package dev.eos.runtime.source;

import org.apache.spark.Dependency;
import org.apache.spark.NarrowDependency;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Finds an RDD of a given kind (a KafkaRDD, a BlockRDD, a UnionRDD of files) behind a batch's mapped RDD. */
public final class RddLineage {

    private RddLineage() {
    }

    /**
     * The first RDD of type {@code type} reached from {@code rdd} through narrow dependencies, {@code rdd} itself
     * included; empty when there is none.
     */
    public static <T> Optional<T> find(RDD<?> rdd, Class<T> type) {
        Deque<RDD<?>> todo = new ArrayDeque<>();
        todo.add(rdd);
        while (!todo.isEmpty()) {
            RDD<?> next = todo.poll();
            if (type.isInstance(next)) {
                return Optional.of(type.cast(next));
            }
            for (Dependency<?> dependency : CollectionConverters.asJava(next.dependencies())) {
                if (dependency instanceof NarrowDependency<?>) {
                    todo.add(dependency.rdd());
                }
            }
        }
        return Optional.empty();
    }
}
