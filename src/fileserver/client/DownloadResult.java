package fileserver.client;

/**
 * A verified download.
 *
 * @param fileBytes    the size of the received file
 * @param resumedFrom  the bytes already present when this run started, 0 if none
 * @param nanos        time from the first connection attempt to the verified file
 * @param verification what was checked: {@code "sha-256"} or {@code "length"} when the
 *                     server sent no digest
 */
public record DownloadResult(long fileBytes, long resumedFrom, long nanos, String verification) {
}
