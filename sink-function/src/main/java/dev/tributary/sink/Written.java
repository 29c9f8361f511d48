package dev.tributary.sink;

import java.util.List;

/**
 * What writing one object or table did.
 *
 * @param object the object written, as an s3:// URI; null when none was (a table, or every row refused)
 * @param rows the rows written
 * @param dead the rows refused
 */
record Written(String object, int rows, List<DeadLetter> dead) {}
