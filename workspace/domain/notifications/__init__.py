"""What people are told by mail: the kinds of news and their cadences (news), and the secret part of
a mailed link hidden from whoever reads a mail that is not theirs."""
