package org.leggio.proto.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WireContractTest {
    private static final List<FileDescriptor> FILES =
            List.of(AudioProto.getDescriptor(), ScoreProto.getDescriptor(), SessionProto.getDescriptor());

    static Stream<Message> samples() {
        PieceMetadata metadata = PieceMetadata.newBuilder().setTitle("Prelude in C major").setComposer("J. S. Bach")
                .setCatalogueNumber("BWV 846").setMusicbrainzWorkId("00000000-0000-0000-0000-000000000846").build();
        return Stream.of(
                SpectrogramChunk.newBuilder().setSessionId("s1").setSequenceNumber(41).setFirstFrameIndex(82)
                        .setFrameCount(2).setBandCount(92).setEncoding(ValueEncoding.VALUE_ENCODING_FLOAT16)
                        .setValues(ByteString.copyFrom(new byte[368])).setCaptureTimeMicros(1_764_000_000_000_000L)
                        .setEndOfStream(true).setSourceKind(AudioSourceKind.AUDIO_SOURCE_KIND_MICROPHONE)
                        .setSourceSampleRateHz(48000).build(),
                AudioEmbedding.newBuilder().setSessionId("s1").setFrameIndex(84).setWindowFrames(84)
                        .addValues(0.25f).addValues(-0.5f).setModelId("ucasr-mc-audio").setSequenceNumber(3).build(),
                ScoreIndex.newBuilder().setPieceId("bwv846").setMetadata(metadata)
                        .addPages(Page.newBuilder().setPageIndex(0).setImageRef("pieces/bwv846/page-000.png")
                                .setWidthPx(835).setHeightPx(1181).setStaffSpacePx(7.2f))
                        .addSystems(StaffSystem.newBuilder().setSystemIndex(0).setPageIndex(0).setLeftXPx(40)
                                .setRightXPx(800).setTopYPx(100).setBottomYPx(220).setCentreYPx(160).setStripStartXPx(0))
                        .setStripWidthPx(760).setStripHeightPx(200)
                        .setFollowGrid(SnippetGrid.newBuilder().setStridePx(8).addStripXPx(100).setEmbeddingDim(2)
                                .addEmbeddings(0.6f).addEmbeddings(0.8f).setModelId("m"))
                        .addBars(Bar.newBuilder().setBarIndex(0).setLabel("1").setStartBeats(0).setDurationBeats(4))
                        .setRepeats(RepeatStructure.newBuilder().addUnfoldedBarIndices(0).addUnfoldedBarIndices(0))
                        .setSourceFormat("musicxml").build(),
                SessionEvent.newBuilder().setPosition(PositionUpdate.newBuilder().setSessionId("s1").setSequenceNumber(7)
                        .setState(FollowState.FOLLOW_STATE_FOLLOWING).setPieceId("bwv846").setPageIndex(1)
                        .setSystemIndex(3).setPageXPx(412.5f).setStripXPx(2900).setBarLabel("12").setScoreBeats(44.5)
                        .setTempoStripPxPerSecond(61.2f).setTempoRelative(0.97f).setConfidence(0.93f)
                        .addCandidates(Candidate.newBuilder().setPieceId("bwv846").setScore(0.9f))).build(),
                SessionEvent.newBuilder().setPageTurn(PageTurn.newBuilder().setSessionId("s1").setFromPageIndex(0)
                        .setToPageIndex(1).setKind(PageTurnKind.PAGE_TURN_KIND_HALF)).build(),
                SessionEvent.newBuilder().setIdentification(Identification.newBuilder().setSessionId("s1")
                        .setPieceId("bwv846").setMetadata(metadata).setConfidence(0.8f).setMargin(0.3f)).build(),
                SessionCommand.newBuilder().setSessionId("s1").setCommandId("c1")
                        .setResync(Resync.newBuilder().setPieceId("bwv846").setPageIndex(1).setPageXPx(300)).build(),
                SessionCommand.newBuilder().setSessionId("s1").setCommandId("c2").setPause(Pause.newBuilder().setPaused(true)).build(),
                SessionCommand.newBuilder().setSessionId("s1").setCommandId("c3").setReset(Reset.getDefaultInstance()).build());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldRoundTripThroughBytes(Message message) throws IOException {
        byte[] bytes = message.toByteArray();
        Message parsed = message.getParserForType().parseFrom(bytes);
        assertThat(parsed).isEqualTo(message);
        assertThat(parsed.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void shouldStartEveryEnumWithUnspecifiedZero() {
        List<EnumDescriptor> enums = new ArrayList<>();
        FILES.forEach(f -> enums.addAll(f.getEnumTypes()));
        assertThat(enums).hasSizeGreaterThanOrEqualTo(4);
        for (EnumDescriptor e : enums) {
            assertThat(e.findValueByNumber(0).getName()).as(e.getName()).endsWith("_UNSPECIFIED");
        }
    }

    @Test
    void shouldKeyEverySessionMessageBySessionId() {
        for (Descriptor d : List.of(SpectrogramChunk.getDescriptor(), AudioEmbedding.getDescriptor(),
                PositionUpdate.getDescriptor(), PageTurn.getDescriptor(), Identification.getDescriptor(),
                SessionCommand.getDescriptor())) {
            assertThat(d.findFieldByName("session_id")).as(d.getName()).isNotNull();
        }
        assertThat(ScoreIndex.getDescriptor().findFieldByName("piece_id")).isNotNull();
    }

    private static final Pattern UNIT_SUFFIX = Pattern.compile(
            ".*_(px|micros|millis|ms|hz|beats|index|count|number|frames|bytes|dim|indices|per_second)$");
    private static final Pattern FIELD = Pattern.compile("^\\s*(?:repeated\\s+)?(\\w+)\\s+(\\w+)\\s*=\\s*\\d+.*;");

    /** A number on the wire must say its unit: in its name, or in the comment right above it. */
    @Test
    void shouldGiveEveryNumericFieldAUnitInItsNameOrComment() throws IOException {
        Path dir = Path.of("src/main/proto/leggio/v1");
        List<String> undocumented = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = FIELD.matcher(lines.get(i));
                    if (!m.matches() || !isNumeric(m.group(1))) {
                        continue;
                    }
                    boolean commented = i > 0 && lines.get(i - 1).trim().startsWith("//");
                    if (!commented && !UNIT_SUFFIX.matcher(m.group(2)).matches()) {
                        undocumented.add(file.getFileName() + ":" + (i + 1) + " " + m.group(2));
                    }
                }
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void shouldDeclareNumericFieldsWithTheirProtoTypes() {
        FieldDescriptor values = AudioEmbedding.getDescriptor().findFieldByName("values");
        assertThat(values.isPacked()).isTrue();
        assertThat(values.getType()).isEqualTo(FieldDescriptor.Type.FLOAT);
    }

    private static boolean isNumeric(String type) {
        return type.matches("u?int(32|64)|s?fixed(32|64)|float|double");
    }
}
