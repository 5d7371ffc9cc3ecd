<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>Quản lý phê duyệt</translation>
    </message>
    <message>
        <source>A manager must approve: %1</source>
        <translation>Cần quản lý phê duyệt: %1</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <source>discount</source>
        <translation>giảm giá</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>trả hàng</translation>
    </message>
    <message>
        <source>void a receipt</source>
        <translation>hủy hóa đơn</translation>
    </message>
    <message>
        <source>take cash out</source>
        <translation>rút tiền mặt</translation>
    </message>
    <message>
        <source>close the shift with a cash variance</source>
        <translation>đóng ca khi tiền mặt bị chênh lệch</translation>
    </message>
    <message>
        <source>reprint</source>
        <translation>in lại</translation>
    </message>
    <message>
        <source>sell from a lot past its use-by date</source>
        <translation>bán hàng từ lô đã quá hạn sử dụng</translation>
    </message>
    <message>
        <source>correct the buyer on an issued e-invoice</source>
        <translation>sửa người mua trên hóa đơn điện tử đã lập</translation>
    </message>
</context>
<context>
    <name>BuyerDialog</name>
    <message>
        <source>Buyer on the invoice</source>
        <translation>Người mua trên hóa đơn</translation>
    </message>
    <message>
        <source>Tax code or phone of a returning buyer, then Enter</source>
        <translation>Mã số thuế hoặc số điện thoại của khách cũ, rồi Enter</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>Mã số thuế</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Tên đơn vị</translation>
    </message>
    <message>
        <source>Buyer&apos;s name</source>
        <translation>Họ tên người mua</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Citizen ID / passport</source>
        <translation>Số CCCD / hộ chiếu</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Keep for next time</source>
        <translation>Lưu cho lần sau</translation>
    </message>
    <message>
        <source>Use on the invoice (Enter)</source>
        <translation>Dùng cho hóa đơn (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <source>No buyer details</source>
        <translation>Không lấy thông tin người mua</translation>
    </message>
    <message>
        <source>No buyer with this tax code or phone yet: type the details</source>
        <translation>Chưa có người mua với mã số thuế hoặc số điện thoại này: hãy nhập thông tin</translation>
    </message>
    <message>
        <source>Found: %1</source>
        <translation>Đã tìm thấy: %1</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>SL</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Đơn giá</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Thành tiền</translation>
    </message>
    <message>
        <source>Promo</source>
        <translation>KM</translation>
    </message>
</context>
<context>
    <name>DonePanel</name>
    <message>
        <source>Next sale</source>
        <translation>Đơn mới</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Sale %1 completed</source>
        <translation>Đã bán xong đơn %1</translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation>Tiền thừa: %1</translation>
    </message>
    <message>
        <source>No change due</source>
        <translation>Không có tiền thừa</translation>
    </message>
    <message>
        <source>Total %1 · paid %2</source>
        <translation>Tổng %1 · khách trả %2</translation>
    </message>
    <message>
        <source>The receipt is being printed.</source>
        <translation>Hóa đơn đang được in.</translation>
    </message>
    <message>
        <source>No printer is set up: the receipt is shown here.</source>
        <translation>Chưa cài máy in: hóa đơn hiển thị tại đây.</translation>
    </message>
    <message>
        <source>VAT rate of the new day: %1</source>
        <translation>Thuế suất GTGT của ngày mới: %1</translation>
    </message>
    <message>
        <source>the scanned price is kept</source>
        <translation>giữ giá đã quét</translation>
    </message>
    <message>
        <source>the lower price is taken</source>
        <translation>lấy giá thấp hơn</translation>
    </message>
    <message>
        <source>Price changed: %1 %2 → %3, %4</source>
        <translation>Giá đã đổi: %1 %2 → %3, %4</translation>
    </message>
    <message>
        <source>Reprint queued</source>
        <translation>Đã gửi lệnh in lại</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Unknown barcode</source>
        <translation>Mã vạch không có trong danh mục</translation>
    </message>
    <message>
        <source>Invalid barcode</source>
        <translation>Mã vạch không hợp lệ</translation>
    </message>
    <message>
        <source>This 2D code cannot be used</source>
        <translation>Không dùng được mã 2D này</translation>
    </message>
    <message>
        <source>Past its use-by date: not sold</source>
        <translation>Đã quá hạn sử dụng: không được bán</translation>
    </message>
    <message>
        <source>Recalled lot: not sold</source>
        <translation>Lô hàng bị thu hồi: không được bán</translation>
    </message>
    <message>
        <source>Unknown product</source>
        <translation>Không tìm thấy sản phẩm</translation>
    </message>
    <message>
        <source>Invalid quantity</source>
        <translation>Số lượng không hợp lệ</translation>
    </message>
    <message>
        <source>Invalid amount</source>
        <translation>Số tiền không hợp lệ</translation>
    </message>
    <message>
        <source>Invalid discount</source>
        <translation>Mức giảm giá không hợp lệ</translation>
    </message>
    <message>
        <source>A manager must approve this</source>
        <translation>Cần quản lý phê duyệt</translation>
    </message>
    <message>
        <source>The payment does not cover the total</source>
        <translation>Số tiền thanh toán chưa đủ</translation>
    </message>
    <message>
        <source>The cart is empty</source>
        <translation>Giỏ hàng trống</translation>
    </message>
    <message>
        <source>More than was sold cannot be refunded</source>
        <translation>Không thể trả nhiều hơn số đã bán</translation>
    </message>
    <message>
        <source>Not possible now</source>
        <translation>Không thực hiện được lúc này</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>Chưa mở ca</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation>Sai mã PIN</translation>
    </message>
    <message>
        <source>Locked after too many wrong PINs; try again later</source>
        <translation>Bị khóa do nhập sai PIN quá nhiều lần; thử lại sau</translation>
    </message>
    <message>
        <source>Not allowed for this staff member</source>
        <translation>Nhân viên này không có quyền</translation>
    </message>
    <message>
        <source>Please check the values</source>
        <translation>Vui lòng kiểm tra lại thông tin</translation>
    </message>
    <message>
        <source>This file is not a kiosk database</source>
        <translation>Tệp này không phải cơ sở dữ liệu của quầy</translation>
    </message>
    <message>
        <source>The database is from a newer version</source>
        <translation>Cơ sở dữ liệu thuộc phiên bản mới hơn</translation>
    </message>
    <message>
        <source>Problem with the database file</source>
        <translation>Sự cố với tệp cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>The disk is full</source>
        <translation>Ổ đĩa đã đầy</translation>
    </message>
    <message>
        <source>The database cannot be written</source>
        <translation>Không ghi được vào cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>Cơ sở dữ liệu bị hỏng</translation>
    </message>
    <message>
        <source>The database is in use by another program</source>
        <translation>Cơ sở dữ liệu đang bị chương trình khác sử dụng</translation>
    </message>
    <message>
        <source>The database cannot be opened</source>
        <translation>Không mở được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Free up space on this computer&apos;s disk: empty the recycle bin, delete old downloads or backup copies that are no longer needed. Do not delete the database file.</source>
        <translation>Hãy giải phóng dung lượng trên ổ đĩa của máy này: dọn thùng rác, xóa các tệp tải về cũ hoặc các bản sao lưu không còn cần. Không được xóa tệp cơ sở dữ liệu.</translation>
    </message>
    <message>
        <source>The kiosk must be able to write its database file and its folder. Check that the disk is not write-protected or mounted read-only, and that this user may write the file and the folder (ask the technician).</source>
        <translation>Máy bán hàng phải ghi được vào tệp cơ sở dữ liệu và thư mục chứa tệp. Hãy kiểm tra ổ đĩa không bị khóa ghi hay gắn ở chế độ chỉ đọc, và người dùng này có quyền ghi tệp và thư mục (nhờ kỹ thuật viên).</translation>
    </message>
    <message>
        <source>The file is damaged, for example by a power cut or a failing disk. Do not delete it: call the manager or the technician to restore the latest backup.</source>
        <translation>Tệp đã bị hỏng, ví dụ do mất điện hoặc ổ đĩa có lỗi. Đừng xóa tệp: hãy gọi quản lý hoặc kỹ thuật viên để khôi phục bản sao lưu gần nhất.</translation>
    </message>
    <message>
        <source>It was written by a newer version of OCOP POS. Update the software on this kiosk (ask the technician); this version must not change it.</source>
        <translation>Tệp này do phiên bản OCOP POS mới hơn tạo ra. Hãy cập nhật phần mềm trên máy bán hàng này (nhờ kỹ thuật viên); phiên bản hiện tại không được thay đổi tệp.</translation>
    </message>
    <message>
        <source>Another program is using the database, perhaps a second copy of OCOP POS or a backup in progress. Close it or wait until it has finished.</source>
        <translation>Một chương trình khác đang dùng cơ sở dữ liệu, có thể là một cửa sổ OCOP POS thứ hai hoặc một lần sao lưu đang chạy. Hãy đóng chương trình đó hoặc chờ đến khi nó chạy xong.</translation>
    </message>
    <message>
        <source>Check that the kiosk is started with the right file (the --db option), or restore the database from a backup.</source>
        <translation>Hãy kiểm tra máy bán hàng được mở với đúng tệp (tùy chọn --db), hoặc khôi phục cơ sở dữ liệu từ bản sao lưu.</translation>
    </message>
    <message>
        <source>Check that the disk or USB drive holding the database is connected and that the folder is right.</source>
        <translation>Hãy kiểm tra ổ đĩa hoặc USB chứa cơ sở dữ liệu đã được cắm vào và thư mục là đúng.</translation>
    </message>
    <message>
        <source>Note what this screen says and call the technician.</source>
        <translation>Hãy ghi lại nội dung trên màn hình này và gọi kỹ thuật viên.</translation>
    </message>
</context>
<context>
    <name>HeldDialog</name>
    <message>
        <source>Held sales</source>
        <translation>Đơn đang giữ</translation>
    </message>
    <message>
        <source>Choose a held sale to take back</source>
        <translation>Chọn đơn đang giữ để tiếp tục</translation>
    </message>
    <message>
        <source>%1 lines</source>
        <translation>%1 dòng</translation>
    </message>
    <message>
        <source>Take back (Enter)</source>
        <translation>Lấy lại (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <source>Receipt number (or scan the receipt)</source>
        <translation>Số hóa đơn (hoặc quét hóa đơn)</translation>
    </message>
    <message>
        <source>All days</source>
        <translation>Mọi ngày</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Hóa đơn</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Hủy HĐ</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>Người mua</translation>
    </message>
    <message>
        <source>Supplement</source>
        <translation>Bổ sung</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="vanished">Tiền mặt</translation>
    </message>
    <message>
        <source>VietQR</source>
        <translation type="vanished">VietQR</translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="vanished">Thẻ</translation>
    </message>
    <message>
        <source>Refund of %1</source>
        <translation>Trả hàng của HĐ %1</translation>
    </message>
    <message>
        <source>Supplement to %1</source>
        <translation>Bổ sung cho %1</translation>
    </message>
    <message>
        <source>Voided: %1</source>
        <translation>Đã hủy: %1</translation>
    </message>
    <message>
        <source>Reprint queued</source>
        <translation>Đã gửi lệnh in lại</translation>
    </message>
    <message>
        <source>Correct the buyer on the invoice</source>
        <translation>Sửa người mua trên hóa đơn</translation>
    </message>
    <message>
        <source>Invoice made out to the buyer</source>
        <translation>Đã lập hóa đơn thay thế ghi người mua</translation>
    </message>
    <message>
        <source>Supplement %1: the customer paid %2 more</source>
        <translation>Phiếu bổ sung %1: khách đã trả thêm %2</translation>
    </message>
    <message>
        <source>Refund %1: give back %2</source>
        <translation>Phiếu trả %1: hoàn lại khách %2</translation>
    </message>
    <message>
        <source>Wrong price or quantity</source>
        <translation>Sai giá hoặc số lượng</translation>
    </message>
    <message>
        <source>Void %1</source>
        <translation>Hủy hóa đơn %1</translation>
    </message>
    <message>
        <source>Why is this receipt voided?</source>
        <translation>Lý do hủy hóa đơn?</translation>
    </message>
    <message>
        <source>Entered by mistake</source>
        <translation>Nhập nhầm</translation>
    </message>
    <message>
        <source>Customer cancelled</source>
        <translation>Khách hủy</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>Thanh toán không thành công</translation>
    </message>
    <message>
        <source>Receipt voided</source>
        <translation>Đã hủy hóa đơn</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Who is selling?</source>
        <translation>Ai đang bán hàng?</translation>
    </message>
    <message>
        <source>Staff code, e.g. NV01</source>
        <translation>Mã nhân viên, ví dụ NV01</translation>
    </message>
    <message>
        <source>Type your code or tap your name</source>
        <translation>Nhập mã hoặc chạm vào tên của bạn</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <source>Log in first, then scan</source>
        <translation>Hãy đăng nhập trước khi quét</translation>
    </message>
    <message>
        <source>No staff member has the code “%1”. Check it, or tap your name.</source>
        <translation>Không có nhân viên nào mang mã “%1”. Hãy kiểm tra lại, hoặc chạm vào tên của bạn.</translation>
    </message>
    <message>
        <source>No open shift: after logging in you will be asked to open one with the cash float in the drawer.</source>
        <translation>Chưa mở ca: sau khi đăng nhập, bạn sẽ được mời mở ca với số tiền đầu ca trong két.</translation>
    </message>
    <message>
        <source>Shift #%1 open since %2 by %3 · float %4</source>
        <translation>Ca số %1 mở từ %2 bởi %3 · tiền đầu ca %4</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>OCOP POS</source>
        <translation>Bán hàng OCOP</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Hóa đơn</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Ca</translation>
    </message>
    <message>
        <source>Switch language</source>
        <translation>Đổi ngôn ngữ</translation>
    </message>
    <message>
        <source>Lock / switch staff</source>
        <translation>Khóa / đổi người</translation>
    </message>
    <message>
        <source>Only a manager can open this screen</source>
        <translation>Chỉ quản lý được mở màn hình này</translation>
    </message>
    <message>
        <source>Close the open window first, then scan again</source>
        <translation>Hãy đóng cửa sổ đang mở rồi quét lại</translation>
    </message>
    <message>
        <source>A sale is open: %1 lines, %2.</source>
        <translation>Đang có một đơn mở: %1 dòng, %2.</translation>
    </message>
    <message>
        <source>Payments already taken: %1.</source>
        <translation>Đã thu: %1.</translation>
    </message>
    <message>
        <source>Keep it for the next start, or discard it?</source>
        <translation>Giữ đơn này cho lần mở máy sau, hay bỏ đơn?</translation>
    </message>
    <message>
        <source>Close the kiosk</source>
        <translation>Đóng máy bán hàng</translation>
    </message>
    <message>
        <source>Keep the sale and close</source>
        <translation>Giữ đơn và đóng</translation>
    </message>
    <message>
        <source>Discard the sale…</source>
        <translation>Bỏ đơn…</translation>
    </message>
    <message>
        <source>Go on selling</source>
        <translation>Tiếp tục bán</translation>
    </message>
    <message>
        <source>Discard the open sale (%1 lines, %2)? This cannot be undone.</source>
        <translation>Bỏ hẳn đơn đang mở (%1 dòng, %2)? Không thể hoàn tác.</translation>
    </message>
    <message>
        <source>Payments already taken (%1) must be given back to the customer. The discard is recorded.</source>
        <translation>Các khoản đã thu (%1) phải trả lại cho khách. Việc bỏ đơn được ghi lại.</translation>
    </message>
    <message>
        <source>Discard the sale</source>
        <translation>Bỏ đơn</translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation>Bỏ đơn và đóng</translation>
    </message>
    <message>
        <source>Do not discard</source>
        <translation>Không bỏ</translation>
    </message>
</context>
<context>
    <name>NumberPrompt</name>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>Đồng ý (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <source>Enter a number</source>
        <translation>Hãy nhập một số</translation>
    </message>
</context>
<context>
    <name>OrderSummary</name>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>SL</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Thành tiền</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng</translation>
    </message>
    <message>
        <source>incl. VAT</source>
        <translation>gồm thuế GTGT</translation>
    </message>
    <message>
        <source>Paying for %1 items</source>
        <translation>Thanh toán cho %1 món</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <source>Order discount</source>
        <translation>Giảm giá đơn</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>Cash given, or the part to pay by card / QR</source>
        <translation>Tiền khách đưa, hoặc phần trả bằng thẻ / QR</translation>
    </message>
    <message>
        <source>Card terminal reference (on the terminal slip)</source>
        <translation type="vanished">Mã giao dịch máy POS thẻ (trên phiếu)</translation>
    </message>
    <message>
        <source>VietQR</source>
        <translation type="vanished">VietQR</translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="vanished">Thẻ</translation>
    </message>
    <message>
        <source>Back to cart</source>
        <translation>Quay lại giỏ</translation>
    </message>
    <message>
        <source>Remove a payment…</source>
        <translation>Bỏ khoản đã thu…</translation>
    </message>
    <message>
        <source>Complete sale</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <source>Buyer / invoice</source>
        <translation>Người mua</translation>
    </message>
    <message>
        <source>To pay: %1</source>
        <translation>Cần thanh toán: %1</translation>
    </message>
    <message>
        <source>Remaining: %1</source>
        <translation>Còn lại: %1</translation>
    </message>
    <message>
        <source>Type the reference first: %1</source>
        <translation>Hãy nhập mã giao dịch trước: %1</translation>
    </message>
    <message>
        <source>Invoice to: %1</source>
        <translation>Xuất hóa đơn cho: %1</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="vanished">Tiền mặt</translation>
    </message>
    <message>
        <source>Exact %1</source>
        <translation>Vừa đủ %1</translation>
    </message>
    <message>
        <source>Paid in full: Enter completes the sale</source>
        <translation>Đã thu đủ: nhấn Enter để hoàn tất</translation>
    </message>
    <message>
        <source>Enter: exact cash %1</source>
        <translation>Enter: tiền mặt vừa đủ %1</translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation>Tiền thừa: %1</translation>
    </message>
    <message>
        <source>Money received</source>
        <translation type="vanished">Đã nhận tiền</translation>
    </message>
    <message>
        <source>Card payment approved</source>
        <translation type="vanished">Thẻ đã thanh toán</translation>
    </message>
    <message>
        <source>Type the card terminal&apos;s reference first</source>
        <translation type="vanished">Hãy nhập mã giao dịch của máy POS thẻ trước</translation>
    </message>
    <message>
        <source>Making the QR code…</source>
        <translation>Đang tạo mã QR…</translation>
    </message>
    <message>
        <source>Scan to pay %1</source>
        <translation>Quét mã để trả %1</translation>
    </message>
    <message>
        <source>Press Enter when the money has arrived</source>
        <translation>Nhấn Enter khi tiền đã về tài khoản</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>PIN</source>
        <translation>Mã PIN</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
</context>
<context>
    <name>PrintProblemsDialog</name>
    <message>
        <source>Receipts not confirmed</source>
        <translation>Hóa đơn chưa xác nhận in</translation>
    </message>
    <message>
        <source>The printer did not confirm these. Look at the paper:</source>
        <translation>Máy in chưa xác nhận đã in những hóa đơn này. Hãy xem giấy in:</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Hóa đơn</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Chuyện gì đã xảy ra</translation>
    </message>
    <message>
        <source>Nothing to check: every receipt was confirmed.</source>
        <translation>Không có gì cần kiểm tra: mọi hóa đơn đều đã được xác nhận.</translation>
    </message>
    <message>
        <source>Print again (Enter)</source>
        <translation>In lại (Enter)</translation>
    </message>
    <message>
        <source>No reprint needed (Del)</source>
        <translation>Không cần in lại (Del)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <source>Sent, but the printer did not confirm it</source>
        <translation>Đã gửi, nhưng máy in không xác nhận</translation>
    </message>
    <message>
        <source>The printer hung up after receiving it</source>
        <translation>Máy in ngắt kết nối sau khi nhận</translation>
    </message>
    <message>
        <source>The connection broke while it was printing</source>
        <translation>Mất kết nối khi đang in</translation>
    </message>
    <message>
        <source>The printer stopped taking it part-way</source>
        <translation>Máy in ngừng nhận giữa chừng</translation>
    </message>
    <message>
        <source>The printer stopped (paper, cover or error) during it</source>
        <translation>Máy in dừng giữa chừng (hết giấy, mở nắp hoặc lỗi)</translation>
    </message>
    <message>
        <source>The kiosk stopped while it was printing</source>
        <translation>Máy bán hàng bị tắt khi đang in</translation>
    </message>
    <message>
        <source>Not printed: the printer could not be reached</source>
        <translation>Chưa in: không kết nối được máy in</translation>
    </message>
    <message>
        <source>Not printed: it could not be drawn</source>
        <translation>Chưa in: không tạo được bản in</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>Báo cáo X</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Báo cáo Z</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Tem nhãn</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Ngăn kéo tiền</translation>
    </message>
    <message>
        <source>Return note %1</source>
        <translation>Phiếu trả hàng %1</translation>
    </message>
    <message>
        <source>Transfer note %1</source>
        <translation>Phiếu chuyển kho %1</translation>
    </message>
    <message>
        <source>Refund %1</source>
        <translation>Trả hàng %1</translation>
    </message>
    <message>
        <source>Void %1</source>
        <translation>Hủy hóa đơn %1</translation>
    </message>
    <message>
        <source>reprint</source>
        <translation>in lại</translation>
    </message>
    <message>
        <source>Printing it again, marked as a reprint</source>
        <translation>Đang in lại, có ghi &quot;BẢN IN LẠI&quot;</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <source>The kiosk cannot open its database</source>
        <translation>Máy bán hàng không mở được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Cần làm gì</translation>
    </message>
    <message>
        <source>Then press Try again. The kiosk has not written anything to the file.</source>
        <translation>Sau đó bấm Thử lại. Máy bán hàng chưa ghi gì vào tệp.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>The database could not be opened</source>
        <translation>Không mở được cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Note what this screen says and call the technician.</source>
        <translation>Hãy ghi lại nội dung trên màn hình này và gọi kỹ thuật viên.</translation>
    </message>
    <message>
        <source>Database file: %1</source>
        <translation>Tệp cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <source>For the technician: %1</source>
        <translation>Thông tin cho kỹ thuật viên: %1</translation>
    </message>
    <message>
        <source>Opening the database again</source>
        <translation>Đang mở lại cơ sở dữ liệu</translation>
    </message>
</context>
<context>
    <name>ProductBrowser</name>
    <message>
        <source>Search (F2): name, producer, SKU</source>
        <translation>Tìm (F2): tên, nhà sản xuất, mã SKU</translation>
    </message>
    <message>
        <source>Product info  F1</source>
        <translation type="vanished">Thông tin SP  F1</translation>
    </message>
    <message>
        <source>Product info  Ctrl+I</source>
        <translation type="vanished">Thông tin SP  Ctrl+I</translation>
    </message>
    <message>
        <source>Info
Ctrl+I</source>
        <translation type="vanished">Thông tin
Ctrl+I</translation>
    </message>
    <message>
        <source>← Categories</source>
        <translation>← Danh mục</translation>
    </message>
    <message>
        <source>No product matches “%1”</source>
        <translation>Không có sản phẩm nào khớp “%1”</translation>
    </message>
</context>
<context>
    <name>ProductCard</name>
    <message>
        <source>household business</source>
        <translation>hộ kinh doanh</translation>
    </message>
    <message>
        <source>cooperative</source>
        <translation>hợp tác xã</translation>
    </message>
    <message>
        <source>cooperative group</source>
        <translation>tổ hợp tác</translation>
    </message>
    <message>
        <source>enterprise</source>
        <translation>doanh nghiệp</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Xuất xứ</translation>
    </message>
    <message>
        <source>OCOP</source>
        <translation>OCOP</translation>
    </message>
    <message>
        <source>Net quantity</source>
        <translation>Khối lượng tịnh</translation>
    </message>
    <message>
        <source>Shelf life</source>
        <translation>Hạn sử dụng</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Bảo quản</translation>
    </message>
    <message>
        <source>Ingredients</source>
        <translation>Thành phần</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Mô tả</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Giá</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>Chưa có ảnh</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 ngày</translation>
    </message>
    <message>
        <source>not rated</source>
        <translation>chưa xếp hạng</translation>
    </message>
    <message>
        <source>certificate %1, valid until %2</source>
        <translation>giấy chứng nhận %1, còn hiệu lực đến %2</translation>
    </message>
    <message>
        <source>certificate %1 EXPIRED on %2</source>
        <translation>giấy chứng nhận %1 ĐÃ HẾT HẠN ngày %2</translation>
    </message>
    <message>
        <source>certificate %1</source>
        <translation>giấy chứng nhận %1</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>chưa có thông tin</translation>
    </message>
    <message>
        <source>Gift set of</source>
        <translation>Hộp quà gồm</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Other…</source>
        <translation>Khác…</translation>
    </message>
    <message>
        <source>Write the reason, then Enter</source>
        <translation>Ghi lý do, rồi nhấn Enter</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>Đồng ý (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <source>Write the reason first (or press Esc to cancel)</source>
        <translation>Hãy ghi lý do trước (hoặc nhấn Esc để hủy)</translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <source>Loading the receipt…</source>
        <translation>Đang tải hóa đơn…</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund from %1</source>
        <translation>Trả hàng từ HĐ %1</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Đã bán</translation>
    </message>
    <message>
        <source>Can refund</source>
        <translation>Có thể trả</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Give back</source>
        <translation>Hoàn lại</translation>
    </message>
    <message>
        <source>Refund… (Enter)</source>
        <translation>Trả hàng… (Enter)</translation>
    </message>
    <message>
        <source>Give back %1 in cash</source>
        <translation type="vanished">Hoàn lại %1 bằng tiền mặt</translation>
    </message>
    <message>
        <source>Give back %1 to the card</source>
        <translation type="vanished">Hoàn lại %1 vào thẻ</translation>
    </message>
    <message>
        <source>Give back %1 by bank transfer</source>
        <translation type="vanished">Hoàn lại %1 bằng chuyển khoản</translation>
    </message>
    <message>
        <source>Faulty product</source>
        <translation>Sản phẩm lỗi</translation>
    </message>
    <message>
        <source>Customer changed their mind</source>
        <translation>Khách đổi ý</translation>
    </message>
    <message>
        <source>Wrong item sold</source>
        <translation>Bán nhầm hàng</translation>
    </message>
    <message>
        <source>Why do the goods come back?</source>
        <translation>Vì sao khách trả hàng?</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="vanished">Tiền mặt</translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="vanished">Thẻ</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation type="vanished">Chuyển khoản</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <source>Give the money back as</source>
        <translation>Hoàn tiền bằng</translation>
    </message>
    <message>
        <source>%1 was paid by voucher: not paid out, the voucher&apos;s use is restored</source>
        <translation>%1 đã trả bằng phiếu quà tặng: không hoàn tiền, lượt dùng phiếu được trả lại</translation>
    </message>
    <message>
        <source>%1 was paid by voucher: not paid out; the voucher&apos;s use comes back once refunds cover its whole value</source>
        <translation>%1 đã trả bằng phiếu quà tặng: không hoàn tiền; lượt dùng phiếu chỉ được trả lại khi các lần hoàn trả đủ toàn bộ giá trị phiếu</translation>
    </message>
    <message>
        <source>Expired or spoiled</source>
        <translation>Hết hạn hoặc hư hỏng</translation>
    </message>
    <message>
        <source>Damaged packaging</source>
        <translation>Bao bì hư hỏng</translation>
    </message>
    <message>
        <source>Choose how many of which product come back</source>
        <translation>Chọn sản phẩm và số lượng khách trả lại</translation>
    </message>
</context>
<context>
    <name>SellCartEdits</name>
    <message>
        <source>Grams of %1:</source>
        <translation>Số gam %1:</translation>
    </message>
    <message>
        <source>Quantity of %1:</source>
        <translation>Số lượng %1:</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>Khuyến mãi</translation>
    </message>
    <message>
        <source>Damaged packaging</source>
        <translation>Bao bì hư hỏng</translation>
    </message>
    <message>
        <source>Near expiry</source>
        <translation>Sắp hết hạn</translation>
    </message>
    <message>
        <source>Loyal customer</source>
        <translation>Khách quen</translation>
    </message>
    <message>
        <source>Not approved: the discount was not applied</source>
        <translation>Không được duyệt: chưa áp dụng giảm giá</translation>
    </message>
    <message>
        <source>Discount approved by %1</source>
        <translation>%1 đã duyệt giảm giá</translation>
    </message>
    <message>
        <source>Discount on %1 (đồng, or % of %2):</source>
        <translation>Giảm giá %1 (đồng, hoặc % của %2):</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Giảm giá dòng</translation>
    </message>
    <message>
        <source>Discount on the whole sale (đồng, or % of %1):</source>
        <translation>Giảm giá cả đơn (đồng, hoặc % của %1):</translation>
    </message>
    <message>
        <source>Order discount</source>
        <translation>Giảm giá đơn</translation>
    </message>
</context>
<context>
    <name>SellHeldSales</name>
    <message>
        <source>Payments are already taken for this sale (%1): finish it (F12) or remove them before holding it.</source>
        <translation>Đơn này đã thu tiền (%1): hãy hoàn tất (F12) hoặc bỏ các khoản đã thu trước khi giữ đơn.</translation>
    </message>
    <message>
        <source>Sale held: %1</source>
        <translation>Đã giữ đơn: %1</translation>
    </message>
    <message>
        <source>No held sales</source>
        <translation>Không có đơn đang giữ</translation>
    </message>
    <message>
        <source>Held sale taken back</source>
        <translation>Đã lấy lại đơn đang giữ</translation>
    </message>
</context>
<context>
    <name>SellOpenSale</name>
    <message>
        <source>Open sale restored: %1 lines, %2 (started by %3 at %4).</source>
        <translation>Đã khôi phục đơn đang mở: %1 dòng, %2 (%3 bắt đầu lúc %4).</translation>
    </message>
    <message>
        <source>Payments already taken: %1.</source>
        <translation>Đã thu: %1.</translation>
    </message>
    <message>
        <source>The open sale could not be saved: %1. It is still on screen: finish or hold it.</source>
        <translation>Không lưu được đơn đang mở: %1. Đơn vẫn còn trên màn hình: hãy hoàn tất hoặc giữ đơn.</translation>
    </message>
</context>
<context>
    <name>SellPaymentParts</name>
    <message>
        <source>Remove a payment…</source>
        <translation>Bỏ khoản đã thu…</translation>
    </message>
    <message>
        <source>Paid already: %1</source>
        <translation>Đã thu: %1</translation>
    </message>
    <message>
        <source>still to pay %1</source>
        <translation>còn phải thu %1</translation>
    </message>
    <message>
        <source>%1 more than the total</source>
        <translation>thừa %1 so với tổng tiền</translation>
    </message>
    <message>
        <source>Remove the payment %1 from this sale?</source>
        <translation>Bỏ khoản đã thu %1 khỏi đơn này?</translation>
    </message>
    <message>
        <source>If the money was taken (card charged on the terminal, transfer received), give it back to the customer. The removal is recorded.</source>
        <translation>Nếu tiền đã được thu (thẻ đã bị trừ trên máy POS, chuyển khoản đã nhận), hãy hoàn lại cho khách. Việc bỏ khoản thu được ghi lại.</translation>
    </message>
    <message>
        <source>Give the cash back to the customer. The removal is recorded.</source>
        <translation>Hãy trả lại tiền mặt cho khách. Việc bỏ khoản thu được ghi lại.</translation>
    </message>
    <message>
        <source>Remove a payment</source>
        <translation>Bỏ khoản đã thu</translation>
    </message>
    <message>
        <source>Remove the payment</source>
        <translation>Bỏ khoản này</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Giữ lại</translation>
    </message>
    <message>
        <source>Payment removed: %1</source>
        <translation>Đã bỏ khoản thu: %1</translation>
    </message>
</context>
<context>
    <name>SellPromotions</name>
    <message>
        <source>This sale earns a gift (%1): scan the gift to give it</source>
        <translation>Đơn này được tặng quà (%1): quét món quà để tặng</translation>
    </message>
    <message>
        <source>No promotion on this line</source>
        <translation>Dòng này không có khuyến mãi</translation>
    </message>
    <message>
        <source>Promotion removed from this sale: %1</source>
        <translation>Đã bỏ khuyến mãi khỏi đơn này: %1</translation>
    </message>
</context>
<context>
    <name>SellScan</name>
    <message>
        <source>Finish or cancel the payment before scanning more</source>
        <translation>Hãy hoàn tất hoặc hủy thanh toán trước khi quét thêm</translation>
    </message>
    <message>
        <source>Weight label %1: %2 is sold per unit, not by weight. Check the item number on the scale. The item was NOT added.</source>
        <translation>Tem cân %1: %2 bán theo đơn vị, không bán theo cân. Kiểm tra mã hàng trên cân. Sản phẩm CHƯA được thêm.</translation>
    </message>
    <message>
        <source>%1: lot %2 was to be used by %3 and is past its use-by date. It may be sold only if a manager allows it now.</source>
        <translation>%1: lô %2 hết hạn sử dụng ngày %3. Chỉ được bán khi quản lý cho phép ngay bây giờ.</translation>
    </message>
    <message>
        <source>%1: the code says use by %2, which is past. It may be sold only if a manager allows it now.</source>
        <translation>%1: mã ghi hạn sử dụng %2, đã quá hạn. Chỉ được bán khi quản lý cho phép ngay bây giờ.</translation>
    </message>
    <message>
        <source>Past its use-by date: %1, lot %2, use by %3. No manager allowed it: the item was NOT added.</source>
        <translation>Đã quá hạn sử dụng: %1, lô %2, hạn dùng %3. Quản lý chưa cho phép: hàng KHÔNG được thêm vào giỏ.</translation>
    </message>
    <message>
        <source>Scale label %1: item number %2 is not in the catalog (no product has the PLU key %3). The item was NOT added.</source>
        <translation>Tem cân %1: mã hàng %2 không có trong danh mục (không sản phẩm nào có mã PLU %3). Sản phẩm CHƯA được thêm.</translation>
    </message>
    <message>
        <source>Unknown barcode %1: not in the catalog. The item was NOT added.</source>
        <translation>Mã vạch %1 không có trong danh mục. Sản phẩm CHƯA được thêm.</translation>
    </message>
    <message>
        <source>Invalid barcode %1: scan again or type the product name. The item was NOT added.</source>
        <translation>Mã vạch %1 không hợp lệ: quét lại hoặc gõ tên sản phẩm. Sản phẩm CHƯA được thêm.</translation>
    </message>
    <message>
        <source>%1 is sold by weight (%2/kg). Enter the grams:</source>
        <translation>%1 bán theo cân (%2/kg). Nhập số gam:</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Khối lượng</translation>
    </message>
</context>
<context>
    <name>SellScreen</name>
    <message>
        <source>Qty / grams</source>
        <translation>Số lượng / gam</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa dòng</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Giảm giá dòng</translation>
    </message>
    <message>
        <source>Order discount</source>
        <translation>Giảm giá đơn</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Giữ đơn</translation>
    </message>
    <message>
        <source>Held sales</source>
        <translation>Đơn đang giữ</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <source>cash</source>
        <translation type="vanished">tiền mặt</translation>
    </message>
    <message>
        <source>VietQR</source>
        <translation type="vanished">VietQR</translation>
    </message>
    <message>
        <source>card</source>
        <translation type="vanished">thẻ</translation>
    </message>
    <message>
        <source>Click or press Esc to close</source>
        <translation>Bấm vào đây hoặc nhấn Esc để đóng</translation>
    </message>
    <message>
        <source>Choose a product first: search for it or select its line</source>
        <translation>Hãy chọn sản phẩm trước: tìm sản phẩm hoặc chọn dòng của nó</translation>
    </message>
    <message>
        <source>incl. VAT %1</source>
        <translation>gồm thuế GTGT %1</translation>
    </message>
    <message>
        <source>promotions −%1</source>
        <translation>khuyến mãi −%1</translation>
    </message>
    <message>
        <source>order discount %1</source>
        <translation>giảm giá đơn %1</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 món</translation>
    </message>
    <message>
        <source>Discount approved by %1</source>
        <translation>%1 đã duyệt giảm giá</translation>
    </message>
    <message>
        <source>A manager must approve the discount as the sale is now:</source>
        <translation>Quản lý cần duyệt lại giảm giá theo đơn hàng hiện tại:</translation>
    </message>
    <message>
        <source>Info
Ctrl+I</source>
        <translation>Thông tin
Ctrl+I</translation>
    </message>
    <message>
        <source>Not approved: the sale stays in the cart. Change the discount or ask a manager.</source>
        <translation>Chưa được duyệt: đơn hàng vẫn ở trong giỏ. Hãy sửa giảm giá hoặc nhờ quản lý.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message>
        <source>No server</source>
        <translation>Chưa có máy chủ</translation>
    </message>
    <message>
        <source>%1 unsynced</source>
        <translation>%1 chưa đồng bộ</translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation>đồng bộ lúc %1</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>chưa đồng bộ lần nào</translation>
    </message>
    <message>
        <source>%1 days differ from the centre</source>
        <translation>%1 ngày lệch với trung tâm</translation>
    </message>
    <message>
        <source>Nightly check %1: %2 days compared</source>
        <translation>Đối soát đêm %1: so %2 ngày</translation>
    </message>
    <message>
        <source>differ: %1</source>
        <translation>lệch: %1</translation>
    </message>
    <message>
        <source>all match</source>
        <translation>tất cả khớp</translation>
    </message>
    <message>
        <source>%1 catalog rows from the centre were refused</source>
        <translation>%1 dòng danh mục từ trung tâm bị từ chối</translation>
    </message>
    <message>
        <source>server certificate not trusted</source>
        <translation>chứng chỉ máy chủ không đáng tin</translation>
    </message>
    <message>
        <source>unencrypted http refused</source>
        <translation>đã chặn kết nối http không mã hoá</translation>
    </message>
    <message>
        <source>Printer: none (preview)</source>
        <translation>Máy in: không có (xem trước)</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>sẵn sàng</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>mất kết nối</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>hết giấy</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>mở nắp</translation>
    </message>
    <message>
        <source>error</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>đang chờ</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>chưa kết nối</translation>
    </message>
    <message>
        <source>Printer: %1</source>
        <translation>Máy in: %1</translation>
    </message>
    <message>
        <source>%1 to print</source>
        <translation>%1 chờ in</translation>
    </message>
    <message>
        <source>%1 not confirmed (Ctrl+P)</source>
        <translation>%1 bản in chưa xác nhận (Ctrl+P)</translation>
    </message>
    <message>
        <source>Drawer did not open</source>
        <translation>Ngăn kéo không mở được</translation>
    </message>
    <message>
        <source>Check that the drawer opened</source>
        <translation>Kiểm tra ngăn kéo đã mở chưa</translation>
    </message>
    <message>
        <source>the printer cannot be reached</source>
        <translation>không kết nối được máy in</translation>
    </message>
    <message>
        <source>the printer is busy</source>
        <translation>máy in đang bận</translation>
    </message>
    <message>
        <source>the printer is not answering</source>
        <translation>máy in không phản hồi</translation>
    </message>
    <message>
        <source>too late</source>
        <translation>quá muộn</translation>
    </message>
    <message>
        <source>The cash drawer did not open: %1</source>
        <translation>Ngăn kéo tiền không mở được: %1</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="vanished">%1 lỗi</translation>
    </message>
    <message>
        <source>Staff: %1</source>
        <translation>Nhân viên: %1</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Đã khóa</translation>
    </message>
    <message>
        <source>Shift #%1 open</source>
        <translation>Ca số %1 đang mở</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>Chưa mở ca</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <source>Supplement to %1</source>
        <translation>Bổ sung cho %1</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Khách giữ</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Right unit price</source>
        <translation>Đơn giá đúng</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Thu thêm</translation>
    </message>
    <message>
        <source>Goods not rung up: scan or type the code, Enter</source>
        <translation>Hàng chưa tính tiền: quét hoặc gõ mã, Enter</translation>
    </message>
    <message>
        <source>Supplement… (Enter)</source>
        <translation>Bổ sung… (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Hủy (Esc)</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>Trả bằng</translation>
    </message>
    <message>
        <source>Transaction reference</source>
        <translation>Mã giao dịch</translation>
    </message>
    <message>
        <source>%1 (added)</source>
        <translation>%1 (thêm)</translation>
    </message>
    <message>
        <source>The customer pays %1 more</source>
        <translation>Khách trả thêm %1</translation>
    </message>
    <message>
        <source>Price rung too low</source>
        <translation>Tính thiếu đơn giá</translation>
    </message>
    <message>
        <source>Too few rung up</source>
        <translation>Tính thiếu số lượng</translation>
    </message>
    <message>
        <source>Goods not rung up</source>
        <translation>Quên tính hàng</translation>
    </message>
    <message>
        <source>Add goods or enter a higher unit price</source>
        <translation>Hãy thêm hàng hoặc nhập đơn giá cao hơn</translation>
    </message>
    <message>
        <source>Why is more charged?</source>
        <translation>Vì sao thu thêm?</translation>
    </message>
</context>
<context>
    <name>VoucherMode</name>
    <message>
        <source>Scan the voucher&apos;s QR or type its code</source>
        <translation>Quét mã QR trên phiếu hoặc gõ mã phiếu</translation>
    </message>
    <message>
        <source>This is not a voucher code: check the characters</source>
        <translation>Đây không phải mã phiếu quà tặng: kiểm tra lại các ký tự</translation>
    </message>
    <message>
        <source>Checking the voucher…</source>
        <translation>Đang kiểm tra phiếu…</translation>
    </message>
    <message>
        <source>This voucher is not allotted to this kiosk, and the kiosk is not connected to the central office: it cannot be accepted here.</source>
        <translation>Phiếu này không được phân cho ki-ốt này và ki-ốt chưa kết nối văn phòng trung tâm: không nhận phiếu ở đây được.</translation>
    </message>
    <message>
        <source>Asking the central office…</source>
        <translation>Đang hỏi văn phòng trung tâm…</translation>
    </message>
    <message>
        <source>The central office refused the voucher: %1</source>
        <translation>Văn phòng trung tâm từ chối phiếu: %1</translation>
    </message>
    <message>
        <source>The central office cannot be reached: a voucher not allotted to this kiosk cannot be accepted offline.</source>
        <translation>Không liên lạc được văn phòng trung tâm: phiếu không được phân cho ki-ốt này thì không nhận được khi mất mạng.</translation>
    </message>
    <message>
        <source>its uses are spent (or kept for other kiosks)</source>
        <translation>phiếu đã hết lượt (hoặc lượt còn lại đã phân cho ki-ốt khác)</translation>
    </message>
    <message>
        <source>it has expired</source>
        <translation>phiếu đã hết hạn</translation>
    </message>
    <message>
        <source>it was withdrawn</source>
        <translation>phiếu đã bị thu hồi</translation>
    </message>
    <message>
        <source>it is not valid at this location</source>
        <translation>phiếu không dùng được ở điểm bán này</translation>
    </message>
    <message>
        <source>no such voucher</source>
        <translation>không có phiếu này</translation>
    </message>
    <message>
        <source>Voucher %1 pays %2</source>
        <translation>Phiếu %1 trả %2</translation>
    </message>
</context>
</TS>
