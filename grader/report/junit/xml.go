package junit

import (
	"encoding/xml"
	"strconv"
)

// The JUnit XML elements, as the common "Ant" schema names them and as
// GitHub's reporters read them.
type testsuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     secondsAttr `xml:"time,attr"`
	Suites   []testsuite `xml:"testsuite"`
}

type testsuite struct {
	Name       string      `xml:"name,attr"`
	Tests      int         `xml:"tests,attr"`
	Failures   int         `xml:"failures,attr"`
	Errors     int         `xml:"errors,attr"`
	Skipped    int         `xml:"skipped,attr"`
	Time       secondsAttr `xml:"time,attr"`
	Properties *properties `xml:"properties,omitempty"`
	Testcases  []testcase  `xml:"testcase"`
}

type properties struct {
	Properties []property `xml:"property"`
}

type property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type testcase struct {
	Name      string      `xml:"name,attr"`
	Classname string      `xml:"classname,attr"`
	Time      secondsAttr `xml:"time,attr"`
	File      string      `xml:"file,attr,omitempty"`
	Line      int         `xml:"line,attr,omitempty"`
	Skipped   *result     `xml:"skipped,omitempty"`
	Failure   *result     `xml:"failure,omitempty"`
	Error     *result     `xml:"error,omitempty"`
	SystemOut string      `xml:"system-out,omitempty"`
}

type result struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// secondsAttr is a duration in seconds, written with millisecond precision
// as JUnit readers expect ("0.120").
type secondsAttr float64

func (s secondsAttr) MarshalXMLAttr(name xml.Name) (xml.Attr, error) {
	return xml.Attr{Name: name, Value: strconv.FormatFloat(float64(s), 'f', 3, 64)}, nil
}
