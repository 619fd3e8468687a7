//! The texts dossier writes itself, as ids: [`Label`]s (a word or a
//! sentence) and [`Message`]s (a pattern with arguments). Each language's
//! message file gives every one of them; this list is what a file is
//! checked against when it loads.
//!
//! Adding a text means a line here and a line in every message file;
//! adding a language means a message file only.

macro_rules! labels {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, )*) => {
        /// A text without arguments.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Label {
            $( $(#[$doc])* $variant, )*
        }

        impl Label {
            /// Every label, in the order of the message files.
            pub const ALL: &'static [Label] = &[$(Label::$variant),*];

            /// Its id in the message files.
            pub fn id(self) -> &'static str {
                match self {
                    $(Label::$variant => $id,)*
                }
            }
        }
    };
}

macro_rules! messages {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal ( $($arg:literal),* ), )*) => {
        /// A text with arguments, written `{name}` in the message files. A
        /// message that takes `count` may give one form per plural
        /// category of the language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Message {
            $( $(#[$doc])* $variant, )*
        }

        impl Message {
            /// Every message, in the order of the message files.
            pub const ALL: &'static [Message] = &[$(Message::$variant),*];

            /// Its id in the message files.
            pub fn id(self) -> &'static str {
                match self {
                    $(Message::$variant => $id,)*
                }
            }

            /// The names of its arguments.
            pub fn arguments(self) -> &'static [&'static str] {
                match self {
                    $(Message::$variant => &[$($arg),*],)*
                }
            }
        }
    };
}

labels! {
    /// Heading of the table of contents: "Contents".
    Contents = "contents",
    /// Heading of the list of sources: "Sources".
    Sources = "sources",
    /// The word before a table's number: "Table".
    Table = "table",
    /// The word before a figure's number: "Figure".
    Figure = "figure",
    /// The word before a section's number: "Section".
    Section = "section",
    /// Between the levels of a heading number: `.` in 3.1.
    HeadingNumberSeparator = "heading-number-separator",

    /// Claim check class: the recomputed figure matches.
    CheckConsistent = "check-consistent",
    /// Claim check class: off by less than one unit of the stated precision.
    CheckRoundingDifference = "check-rounding-difference",
    /// Claim check class: contradicted by the data or the record.
    CheckInconsistent = "check-inconsistent",
    /// Claim check class: nothing to check against.
    CheckNotCheckable = "check-not-checkable",

    /// Caption of the claims table.
    ClaimsCaption = "claims-caption",
    /// Header: the claim.
    ClaimsClaim = "claims-claim",
    /// Header: the check class.
    ClaimsVerdict = "claims-verdict",
    /// Header: the computation.
    ClaimsComputation = "claims-computation",
    /// Header: the value as stated.
    ClaimsStated = "claims-stated",
    /// Header: the value as computed.
    ClaimsComputed = "claims-computed",
    /// Header: where the source states it.
    ClaimsSource = "claims-source",
    /// Note under the claims table: what the classes mean.
    ClaimsNote = "claims-note",

    /// Caption of the errata table.
    ErrataCaption = "errata-caption",
    /// Header: what the source says.
    ErrataSourceText = "errata-source-text",
    /// Header: the correction.
    ErrataCorrection = "errata-correction",
    /// Header: the basis of the correction.
    ErrataBasis = "errata-basis",
    /// Header: the kind of erratum.
    ErrataKind = "errata-kind",
    /// Header: how sure the correction is.
    ErrataConfidence = "errata-confidence",
    /// Note under the errata table.
    ErrataNote = "errata-note",
    /// Erratum kind: a wrong fact.
    ErratumFactual = "erratum-factual",
    /// Erratum kind: a name transliterated wrongly.
    ErratumTransliteration = "erratum-transliteration",
    /// Erratum kind: a misspelling.
    ErratumSpelling = "erratum-spelling",
    /// Erratum kind: a typing error.
    ErratumTypo = "erratum-typo",
    /// Erratum kind: a finding about the source.
    ErratumFinding = "erratum-finding",
    /// Confidence: low.
    ConfidenceLow = "confidence-low",
    /// Confidence: medium.
    ConfidenceMedium = "confidence-medium",
    /// Confidence: high.
    ConfidenceHigh = "confidence-high",

    /// Caption of the provenance table.
    ProvenanceCaption = "provenance-caption",
    /// Header: the data set.
    ProvenanceData = "provenance-data",
    /// Header: the source.
    ProvenanceSource = "provenance-source",
    /// Header: the paragraphs.
    ProvenanceParagraph = "provenance-paragraph",
    /// Header: the first quoted span.
    ProvenanceQuote = "provenance-quote",

    /// Caption of the normalisation table.
    NormalisationCaption = "normalisation-caption",
    /// Header: the kind of change.
    NormalisationKind = "normalisation-kind",
    /// Header: the text before.
    NormalisationBefore = "normalisation-before",
    /// Header: the text after.
    NormalisationAfter = "normalisation-after",
    /// Note under the normalisation table.
    NormalisationNote = "normalisation-note",
    /// Change: Arabic yeh to Persian yeh.
    NormUnifyYeh = "norm-unify-yeh",
    /// Change: Arabic kaf to Persian kaf.
    NormUnifyKaf = "norm-unify-kaf",
    /// Change: a non-joiner after the verb prefix.
    NormVerbPrefix = "norm-verb-prefix",
    /// Change: a non-joiner before the plural suffix.
    NormPluralSuffix = "norm-plural-suffix",
    /// Change: a non-joiner before -tar/-tarin.
    NormComparativeSuffix = "norm-comparative-suffix",
    /// Change: a non-joiner in a compound.
    NormCompound = "norm-compound",
    /// Change: final -ai spelled -ayi.
    NormHamzaYeh = "norm-hamza-yeh",
    /// Change: spacing around punctuation.
    NormPunctuationSpacing = "norm-punctuation-spacing",
    /// Change: the percent sign after the number.
    NormPercentSign = "norm-percent-sign",
    /// Change: the Persian decimal separator.
    NormDecimalSeparator = "norm-decimal-separator",

    /// Default legend name of a positive balance.
    ChartSurplus = "chart-surplus",
    /// Default legend name of a negative balance.
    ChartDeficit = "chart-deficit",
    /// Between the labels of events that share a number in a timeline's
    /// key, and between the values of a chart's alternative text.
    ChartKeySeparator = "chart-key-separator",
    /// Kinds of chart, named in their alternative text.
    ChartKindBar = "chart-kind-bar",
    ChartKindLine = "chart-kind-line",
    ChartKindHorizontalBar = "chart-kind-horizontal-bar",
    ChartKindDiverging = "chart-kind-diverging",
    ChartKindStackedBar = "chart-kind-stacked-bar",
    ChartKindTimeline = "chart-kind-timeline",
}

messages! {
    /// The footer: "Page 3 of 12".
    PageOf = "page-of" ("page", "pages"),
    /// A reference to a table: "Table 2".
    TableNumber = "table-number" ("number"),
    /// A reference to a figure: "Figure 2".
    FigureNumber = "figure-number" ("number"),
    /// A reference to a section: "Section 3.1".
    SectionNumber = "section-number" ("number"),
    /// A caption after its label: "Table 2: Trade, 1992–1995".
    NumberedCaption = "numbered-caption" ("label", "caption"),
    /// The marker of an ordered list item: "3.".
    ListItemNumber = "list-item-number" ("number"),
    /// Text in quotation marks.
    Quoted = "quoted" ("text"),
    /// A date followed by the same date in the other calendar.
    DateWithOtherCalendar = "date-with-other-calendar" ("date", "other"),

    /// A source note: "Source: customs records".
    SourceNote = "source-note" ("source"),
    /// A source note with paragraphs: "Source: article, paragraphs 7 and 9".
    SourceNoteParagraphs = "source-note-paragraphs" ("source", "paragraphs", "count"),
    /// A source note with a locator: "Source: yearbook, p. 12".
    SourceNoteLocator = "source-note-locator" ("source", "locator"),
    /// A note pointing to the list of sources: "… (see Sources)".
    SeeSources = "see-sources" ("note"),
    /// A value dossier computed from a source: "computed (source: X)".
    ComputedFrom = "computed-from" ("source"),
    /// A row or column label of computed values: "Balance (computed)".
    ComputedLabel = "computed-label" ("label"),
    /// A row or column label of stated values: "Change (stated)".
    StatedLabel = "stated-label" ("label"),
    /// The source documents under the provenance table.
    ProvenanceNote = "provenance-note" ("documents", "count"),

    /// A computed value and its rounding: "43.745% (rounds to 43.7%)".
    Citation = "citation" ("source"),
    CitationParagraph = "citation-paragraph" ("source", "paragraph"),
    CheckRoundsTo = "check-rounds-to" ("value", "rounded"),
    /// The end of a computation: "…; stated 43.8% → consistent".
    CheckOutcome = "check-outcome" ("computation", "stated", "verdict"),
    /// The range rounded inputs allow: "range 59.62%–59.71%".
    CheckRange = "check-range" ("low", "high"),
    /// What a claim that cannot be checked could be checked against.
    CheckableAgainst = "checkable-against" ("what"),
    /// A claim stated as equal to a value.
    RuleEqual = "rule-equal" ("value"),
    /// A claim stated as more than a value.
    RuleMoreThan = "rule-more-than" ("value"),
    /// A claim stated as at least a value.
    RuleAtLeast = "rule-at-least" ("value"),
    /// A claim stated as less than a value.
    RuleLessThan = "rule-less-than" ("value"),
    /// A claim stated as at most a value.
    RuleAtMost = "rule-at-most" ("value"),

    /// The last line of a timeline's key: events drawn without a label.
    ChartEventsNotLabelled = "chart-events-not-labelled" ("count"),
    /// The same, after the key listed other events.
    ChartMoreEventsNotLabelled = "chart-more-events-not-labelled" ("count"),
    /// The start of a chart's alternative text: "Bar chart: Trade, 1992–1995."
    ChartAlt = "chart-alt" ("kind", "title"),
    /// One series and its values: "Exports: 1992 1,649; 1993 1,700."
    ChartAltSeries = "chart-alt-series" ("name", "values"),
    /// One value and its category: "1992 1,649".
    ChartAltPoint = "chart-alt-point" ("category", "value"),
    /// A timeline's period: "1973–1990: broken off."
    ChartAltPeriod = "chart-alt-period" ("start", "end", "label"),
    /// A timeline's event: "1973: coup."
    ChartAltEvent = "chart-alt-event" ("date", "label"),
}
